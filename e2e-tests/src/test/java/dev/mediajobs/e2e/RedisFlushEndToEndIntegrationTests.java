package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.providers.luma.LumaWireFake;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;

/**
 * Redis is only a cache of what Kafka holds: wiped while jobs are at a provider with a concurrency limit and others
 * still wait in Kafka for a slot, every job still ends {@code succeeded}, and the provider never has more tasks at
 * once than its limit — the slots lost with Redis are held again by the poll schedule's rebuild before submits resume.
 * Proven against Luma's wire fake, which counts generations in progress the way Luma counts them against the limit.
 */
class RedisFlushEndToEndIntegrationTests {

    private static final String TENANT_KEY = "mj_test_flush_" + UUID.randomUUID();
    private static final int MAX_CONCURRENT = 3;
    private static final int JOBS = 30;

    private static LumaWireFake luma;
    private static MediajobsStack stack;
    private static MediajobsApi api;

    @BeforeAll
    static void start() {
        String lumaKey = "luma-" + UUID.randomUUID();
        luma = LumaWireFake.start(lumaKey);
        Map<String, Object> props = new LinkedHashMap<>(TestInfrastructure.isolatedTopics("flush-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", "flush-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(TENANT_KEY));
        props.put("mediajobs.providers.luma.base-url", luma.baseUrl());
        props.put("mediajobs.providers.luma.api-key", lumaKey);
        // a generation is done on its third status call: about a second at this interval
        props.put("mediajobs.providers.luma.poll-interval", "300ms");
        props.put("mediajobs.providers.luma.limits.max-concurrent-tasks", MAX_CONCURRENT);
        props.put("mediajobs.poller.tick", "50ms");
        props.put("mediajobs.poller.rebuild-check-interval", "500ms");
        props.put("mediajobs.api.view-rebuild-check-interval", "500ms");
        stack = new MediajobsStack(props).start();
        api = new MediajobsApi(stack.baseUrl(Service.API), TENANT_KEY);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (luma != null) {
            luma.close();
        }
    }

    @Test
    void everyJobEndsAndTheConcurrencyLimitHoldsThoughRedisIsWipedMidRun() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            ids.add(api.submit(Map.of("provider", "luma", "operation", "text-to-video",
                    "input", Map.of("prompt", "a paper boat on a river, shot " + i, "aspectRatio", "16:9"))));
        }
        // mid-run: some jobs done, some at the provider, the rest waiting in Kafka for a slot
        await("a few generations created and some in progress").atMost(Duration.ofMinutes(2))
                .until(() -> luma.generationsCreated() >= 2 * MAX_CONCURRENT && luma.generationsInProgress() > 0);
        assertThat(luma.generationsCreated()).as("jobs still waiting").isLessThan(JOBS);

        TestRedis.flushAll();

        Map<String, JsonNode> done = api.awaitTerminal(ids, Duration.ofMinutes(4));
        assertThat(done.values()).allSatisfy(job -> assertThat(job.path("state").asString()).as("%s", job).isEqualTo("succeeded"));
        assertThat(luma.mostGenerationsInProgress()).as("generations in progress at once").isLessThanOrEqualTo(MAX_CONCURRENT);
        assertThat(stack.bean(Service.POLLER, UnifiedJedis.class).get(RedisKeys.POLL_READY)).as("the schedule was rebuilt")
                .startsWith("ready");
    }
}
