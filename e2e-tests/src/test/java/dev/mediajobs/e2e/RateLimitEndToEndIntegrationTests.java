package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.providers.runway.RunwayWireFake;
import dev.mediajobs.providers.runway.RunwayWireFake.Arrival;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.testing.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A provider's 429 with {@code Retry-After} holds back every instance and every kind of call: once the poller has
 * seen it, neither the poller (status calls of any task) nor the dispatcher (submits of new jobs) sends a request to
 * that provider and key before the time the provider gave. Proven against Runway's wire fake, which logs when each
 * request arrived.
 */
class RateLimitEndToEndIntegrationTests {

    private static final String TENANT_KEY = "mj_test_ratelimit_" + UUID.randomUUID();
    private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

    private static RunwayWireFake runway;
    private static MediajobsStack stack;
    private static MediajobsApi api;

    @BeforeAll
    static void start() {
        String runwayKey = "runway-" + UUID.randomUUID();
        runway = RunwayWireFake.start(runwayKey);
        Map<String, Object> props = new LinkedHashMap<>(TestInfrastructure.isolatedTopics("ratelimit-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", "ratelimit-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(TENANT_KEY));
        props.put("mediajobs.providers.runway.base-url", runway.baseUrl());
        props.put("mediajobs.providers.runway.api-key", runwayKey);
        props.put("mediajobs.providers.runway.poll-interval", "500ms");
        props.put("mediajobs.poller.tick", "50ms");
        stack = new MediajobsStack(props).start();
        api = new MediajobsApi(stack.baseUrl(Service.API), TENANT_KEY);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (runway != null) {
            runway.close();
        }
    }

    @Test
    void noRequestReachesTheProviderBeforeTheRetryAfterItGave() throws Exception {
        runway.rateLimitNextStatusCalls(1, RETRY_AFTER.toSeconds());
        String first = api.submit(runwayJob("a lighthouse in a storm"));
        await("the first status call answered 429").atMost(Duration.ofSeconds(60))
                .until(() -> !runway.rateLimitedAt().isEmpty());
        Instant limitedAt = runway.rateLimitedAt().getFirst();
        Instant retryAt = limitedAt.plus(RETRY_AFTER);
        ProviderLimits limits = stack.bean(Service.POLLER, ProviderLimits.class);
        LimitScope scope = new LimitScope("runway", "default");
        await("the block is shared in Redis").atMost(Duration.ofSeconds(10)).until(() -> limits.blockedForMillis(scope) > 0);

        String second = api.submit(runwayJob("a fox in the snow"));

        Map<String, JsonNode> done = api.awaitTerminal(List.of(first, second), Duration.ofMinutes(2));
        assertThat(done.values()).allSatisfy(job -> assertThat(job.path("state").asString()).as("%s", job).isEqualTo("succeeded"));
        List<Arrival> calls = runway.arrivals().stream().filter(Arrival::isApiCall).toList();
        assertThat(calls).filteredOn(a -> !a.at().isBefore(limitedAt) && a.at().isBefore(retryAt))
                .as("requests between the 429 (%s) and its Retry-After (%s)", limitedAt, retryAt)
                .isEmpty();
        List<Arrival> after = calls.stream().filter(a -> a.at().isAfter(limitedAt)).toList();
        assertThat(after).filteredOn(a -> a.method().equals("POST")).as("the second job's submit").singleElement()
                .satisfies(submit -> assertThat(submit.at()).isAfterOrEqualTo(retryAt));
        assertThat(after).filteredOn(a -> a.method().equals("GET")).as("the status calls that followed").isNotEmpty()
                .allSatisfy(poll -> assertThat(poll.at()).isAfterOrEqualTo(retryAt));
    }

    private static Map<String, Object> runwayJob(String prompt) {
        return Map.of("provider", "runway", "model", "gen3a_turbo", "operation", "text-to-video",
                "input", Map.of("prompt", prompt, "durationSeconds", 5, "aspectRatio", "16:9"));
    }
}
