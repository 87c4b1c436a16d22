package dev.mediajobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.testing.TestInfrastructure;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A callback that cannot be recorded because Redis is unreachable is a 503 with Retry-After: the provider calls again
 * later, and until then the task is still polled on its schedule.
 */
class CallbackRedisOutageIntegrationTests {

    private static final String PUBLIC_BASE_URL = "https://media.example.test";

    private static ConfigurableApplicationContext context;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        Map<String, Object> p = new LinkedHashMap<>(TestInfrastructure.kafkaAndRedis());
        p.putAll(TestInfrastructure.isolatedTopics("callbacks-outage-" + UUID.randomUUID().toString().substring(0, 8)));
        // nothing listens on the discard port: every Redis call fails at once
        p.put("mediajobs.redis.url", "redis://127.0.0.1:9");
        p.put("server.port", 0);
        p.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex("unused-" + UUID.randomUUID()));
        p.put("mediajobs.callbacks.public-base-url", PUBLIC_BASE_URL);
        p.put("mediajobs.callbacks.secret", "callback-secret-" + UUID.randomUUID());
        p.put("mediajobs.s3.endpoint", "http://127.0.0.1:9");
        p.put("mediajobs.s3.access-key", "test-access");
        p.put("mediajobs.s3.secret-key", "test-secret");
        p.put("spring.main.banner-mode", "off");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = ApiServiceApplication.builder().run(args);
        api = new ApiClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aCallbackRedisCannotTakeIsA503WithRetryAfter() {
        String jobId = UUID.randomUUID().toString();
        String url = context.getBean(CallbackTokens.class).callbackUrl(jobId).orElseThrow();

        ApiClient.Response r = api.post(URI.create(url).getPath(), null, "{}");

        assertThat(r.status()).as(r.text()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isNotBlank();
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("service_unavailable");
        assertThat(r.text()).doesNotContain(url.substring(url.lastIndexOf('/') + 1));
    }
}
