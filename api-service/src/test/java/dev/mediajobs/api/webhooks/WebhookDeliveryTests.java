package dev.mediajobs.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobState;
import dev.mediajobs.support.redis.RedisKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

class WebhookDeliveryTests {

    private final WebhookSender sender = mock(WebhookSender.class);
    private final UnifiedJedis redis = mock(UnifiedJedis.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Duration> sleeps = new ArrayList<>();
    private final WebhookDelivery delivery = new WebhookDelivery(sender,
            WebhookSecrets.from(Map.of(), WebhookSigner.generateSecret()), redis, registry, 4, Duration.ofMillis(100),
            sleeps::add);

    private static JobEvent event(JobState state, String webhookUrl) {
        Job job = Job.builder().id("11111111-1111-4111-8111-111111111111").tenant("acme").version(5).state(state)
                .webhookUrl(webhookUrl).build();
        return JobEvent.of(job, "storage-service", Instant.now());
    }

    private double count(String outcome) {
        return registry.counter("mediajobs.webhooks.deliveries", "outcome", outcome).count();
    }

    @Test
    void retriesWithDoublingDelaysAndRemembersTheSuccess() throws Exception {
        when(sender.send(any(), anyString(), anyString(), any()))
                .thenReturn(new WebhookSender.Attempt(false, 500, "HTTP 500"))
                .thenReturn(new WebhookSender.Attempt(false, null, "ConnectException"))
                .thenReturn(new WebhookSender.Attempt(true, 204, null));
        JobEvent event = event(JobState.SUCCEEDED, "https://hooks.example/x");

        assertThat(delivery.deliver(event, "{}")).isTrue();

        verify(sender, times(3)).send(eq(URI.create("https://hooks.example/x")), eq(event.id()), eq("{}"), any());
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        verify(redis).set(eq(RedisKeys.notified(event.id())), eq("1"), any(SetParams.class));
        assertThat(count("delivered")).isEqualTo(1);
        assertThat(count("retried")).isEqualTo(2);
    }

    @Test
    void givesUpAfterMaxAttemptsWithoutMarkingNotified() throws Exception {
        when(sender.send(any(), anyString(), anyString(), any())).thenReturn(new WebhookSender.Attempt(false, 302, "HTTP 302"));

        assertThat(delivery.deliver(event(JobState.FAILED, "https://hooks.example/x"), "{}")).isFalse();

        verify(sender, times(4)).send(any(), anyString(), anyString(), any());
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        verify(redis, never()).set(anyString(), anyString(), any(SetParams.class));
        assertThat(count("failed")).isEqualTo(1);
    }

    @Test
    void skipsDeliveredEventsNonTerminalJobsAndJobsWithoutAUrl() throws Exception {
        JobEvent delivered = event(JobState.SUCCEEDED, "https://hooks.example/x");
        when(redis.exists(RedisKeys.notified(delivered.id()))).thenReturn(true);

        assertThat(delivery.deliver(delivered, "{}")).isFalse();
        assertThat(delivery.deliver(event(JobState.RUNNING, "https://hooks.example/x"), "{}")).isFalse();
        assertThat(delivery.deliver(event(JobState.SUCCEEDED, null), "{}")).isFalse();

        verify(sender, never()).send(any(), anyString(), anyString(), any());
        assertThat(count("duplicate")).isEqualTo(1);
    }
}
