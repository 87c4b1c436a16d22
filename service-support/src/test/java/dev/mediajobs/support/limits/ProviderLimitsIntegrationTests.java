package dev.mediajobs.support.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The shared limiter against a real redis-server: exact sliding windows, leased slots, Retry-After, key bench. */
class ProviderLimitsIntegrationTests {

    private static UnifiedJedis redis;

    private String provider;
    private LimitScope scope;
    private ProviderSettings settings;
    private LimitsProperties properties;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void freshProvider() {
        provider = "p" + UUID.randomUUID().toString().substring(0, 8);
        scope = new LimitScope(provider, "default");
        settings = new ProviderSettings();
        settings.setApiKey("secret-value");
        properties = new LimitsProperties();
        properties.setWindowMargin(Duration.ZERO);
        meters = new SimpleMeterRegistry();
        redis.set(RedisKeys.POLL_READY, "ready");
    }

    private ProviderLimits limits(Map<String, Integer> documented) {
        ProviderRegistry registry = LimitedTestProvider.registry(new LimitedTestProvider(provider, documented), settings);
        return new ProviderLimits(redis, registry, properties, new LimiterMetrics(meters));
    }

    @Test
    void configuredLimitsOverrideDocumentedOnesAndUnsetOnesStayUnlimited() {
        settings.getLimits().setRequestsPerMinute(30);
        ProviderLimits limits = limits(Map.of("requestsPerMinute", 60, "maxConcurrentTasks", 10, "videosPerMonth", 100));

        assertThat(limits.settings(provider)).isEqualTo(new ProviderLimitSettings(30, 0, 0, 10));
        properties.setEnabled(false);
        assertThat(limits.settings(provider)).isEqualTo(ProviderLimitSettings.UNLIMITED);
    }

    @Test
    void aFullBudgetRefusesUntilTheOldestCallLeavesTheWindow() {
        properties.setWindow(Duration.ofSeconds(2));
        ProviderLimits limits = limits(Map.of("requestsPerMinute", 3));

        for (int i = 0; i < 3; i++) {
            assertThat(limits.acquirePoll(scope).granted()).isTrue();
        }
        LimitDecision refused = limits.acquirePoll(scope);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.reason()).isEqualTo(LimitDecision.RATE);
        assertThat(refused.waitMillis()).isBetween(1L, 2_000L);
        assertThat(limits.used(scope, ProviderLimits.REQUESTS)).isEqualTo(3);
        assertThat(meters.counter("mediajobs.limiter.refusals", "provider", provider, "key", "default", "call", "poll",
                "reason", "rate").count()).isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limits.acquirePoll(scope).granted());
    }

    @Test
    void aCallIsGrantedOnlyWhenEveryBudgetItDrawsFromHasRoomAndThenCountsInAll() {
        settings.getLimits().setRequestsPerMinute(3);
        settings.getLimits().setSubmitsPerMinute(1);
        ProviderLimits limits = limits(Map.of());

        assertThat(limits.acquireSubmit(scope, "job-1").granted()).isTrue();
        assertThat(limits.acquireSubmit(scope, "job-2").granted()).isFalse(); // submits budget used up
        assertThat(limits.used(scope, ProviderLimits.REQUESTS)).as("the refused submit used no request").isEqualTo(1);
        assertThat(limits.acquirePoll(scope).granted()).isTrue();
        assertThat(limits.acquirePoll(scope).granted()).isTrue();
        assertThat(limits.acquirePoll(scope).granted()).isFalse(); // requests budget used up
        assertThat(limits.used(scope, ProviderLimits.SUBMITS)).isEqualTo(1);
    }

    /**
     * Eight threads race for a budget of 5 per second for three seconds. Each grant happened (in Redis time) between
     * the moment its caller asked and the moment it got the answer, so any group of grants whose intervals all lie
     * inside one window must fit the budget: a fixed window or a token bucket would let up to twice the budget through
     * across a boundary.
     */
    @Test
    void racingCallersNeverGetMoreThanTheBudgetInAnySlidingWindow() throws InterruptedException {
        properties.setWindow(Duration.ofSeconds(1));
        ProviderLimits limits = limits(Map.of("requestsPerMinute", 5));
        List<long[]> grants = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            threads.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long asked = System.nanoTime();
                        if (limits.acquirePoll(scope).granted()) {
                            grants.add(new long[] {asked, System.nanoTime()});
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        threads.shutdown();

        long window = TimeUnit.SECONDS.toNanos(1);
        int worst = 0;
        for (long[] anchor : grants) {
            int inside = 0;
            for (long[] g : grants) {
                if (g[0] >= anchor[0] && g[1] < anchor[0] + window) {
                    inside++;
                }
            }
            worst = Math.max(worst, inside);
        }
        assertThat(worst).isLessThanOrEqualTo(5);
        assertThat(grants).as("the budget was used in every window").hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void aRetryAfterHoldsEveryCallBackAndIsNeverShortened() {
        ProviderLimits limits = limits(Map.of());

        limits.rateLimited(scope, Duration.ofSeconds(30));
        limits.rateLimited(scope, Duration.ofSeconds(1));

        LimitDecision decision = limits.acquireSubmit(scope, "job-1");
        assertThat(decision.granted()).isFalse();
        assertThat(decision.reason()).isEqualTo(LimitDecision.RETRY_AFTER);
        assertThat(decision.waitMillis()).isBetween(25_000L, 30_000L);
        assertThat(limits.acquirePoll(scope).granted()).isFalse();
        assertThat(limits.blockedForMillis(scope)).isBetween(25_000L, 30_000L);
        assertThat(limits.blockedForMillis(new LimitScope(provider, "other-key"))).isZero();
    }

    @Test
    void aRetryAfterEndsByItself() {
        ProviderLimits limits = limits(Map.of());
        limits.rateLimited(scope, Duration.ofMillis(300));

        assertThat(limits.acquirePoll(scope).granted()).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limits.acquirePoll(scope).granted());
    }

    @Test
    void concurrencySlotsAreOnePerJobAndComeBackWhenReleased() {
        ProviderLimits limits = limits(Map.of("maxConcurrentTasks", 2));

        assertThat(limits.acquireSubmit(scope, "job-1").granted()).isTrue();
        assertThat(limits.acquireSubmit(scope, "job-1").granted()).as("asking again renews").isTrue();
        assertThat(limits.acquireSubmit(scope, "job-2").granted()).isTrue();
        LimitDecision full = limits.acquireSubmit(scope, "job-3");
        assertThat(full.granted()).isFalse();
        assertThat(full.reason()).isEqualTo(LimitDecision.CONCURRENCY);
        assertThat(limits.inFlight(scope)).isEqualTo(2);

        limits.releaseSlot(scope, "job-1");
        assertThat(limits.acquireSubmit(scope, "job-3").granted()).isTrue();
    }

    @Test
    void aSlotWhoseHolderVanishedComesBackWhenItsLeaseRunsOut() {
        properties.setSlotGrace(Duration.ZERO);
        ProviderLimits limits = limits(Map.of("maxConcurrentTasks", 1));

        limits.holdSlot(scope, "job-of-a-dead-poller", Duration.ofMillis(300));
        assertThat(limits.acquireSubmit(scope, "job-2").granted()).isFalse();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limits.acquireSubmit(scope, "job-2").granted());
        assertThat(limits.inFlight(scope)).isEqualTo(1);
    }

    @Test
    void holdingASlotForATaskInFlightWorksAboveTheLimit() {
        ProviderLimits limits = limits(Map.of("maxConcurrentTasks", 1));

        limits.holdSlot(scope, "job-1", Duration.ofMinutes(1));
        limits.holdSlot(scope, "job-2", Duration.ofMinutes(1));

        assertThat(limits.inFlight(scope)).isEqualTo(2);
        assertThat(limits.acquireSubmit(scope, "job-3").granted()).isFalse();
    }

    @Test
    void afterARedisWipeNoSlotIsGivenUntilThePollScheduleCountedTheTasksInFlightAgain() {
        ProviderLimits limits = limits(Map.of("maxConcurrentTasks", 5));

        redis.del(RedisKeys.POLL_READY);
        LimitDecision wiped = limits.acquireSubmit(scope, "job-1");
        redis.set(RedisKeys.POLL_READY, "rebuilding abc");
        LimitDecision rebuilding = limits.acquireSubmit(scope, "job-1");
        redis.set(RedisKeys.POLL_READY, "ready");

        assertThat(wiped.reason()).isEqualTo(LimitDecision.REBUILDING);
        assertThat(rebuilding.reason()).isEqualTo(LimitDecision.REBUILDING);
        assertThat(limits.acquireSubmit(scope, "job-1").granted()).isTrue();
        assertThat(limits(Map.of()).acquireSubmit(scope, "job-2").granted())
                .as("providers without a concurrency limit do not wait for the rebuild").isTrue();
    }

    @Test
    void aBenchedKeyIsReportedWithItsReasonUntilTheBenchExpires() {
        KeyBench bench = new KeyBench(redis);

        bench.bench(scope, Duration.ofMillis(400), "credits: 402 insufficient credits");

        assertThat(bench.find(scope)).hasValueSatisfying(b -> {
            assertThat(b.keyId()).isEqualTo("default");
            assertThat(b.reason()).isEqualTo("credits: 402 insufficient credits");
            assertThat(b.untilEpochMillis()).isPositive();
        });
        assertThat(bench.isBenched(new LimitScope(provider, "k2"))).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !bench.isBenched(scope));
    }
}
