package dev.mediajobs.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobOptions;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.dispatcher.FakeProviderServer.Drop;
import dev.mediajobs.dispatcher.FakeProviderServer.Reply;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Key choice, the shared limiter and fallback decisions of the dispatcher, against real Redis (the real
 * {@code ProviderLimits}, {@code KeyBench} and rotation counter) and two providers over real HTTP: {@code fake}
 * with a pool of three keys, and {@code backup}, its fallback.
 */
class KeyPoolAndFallbackTests {

    private static final String PRIMARY = "fake";
    private static final String BACKUP = "backup";
    private static final String K1 = "secret-k1";
    private static final String K2 = "secret-k2";
    private static final String K3 = "secret-k3";
    private static final String BACKUP_KEY = "secret-backup";

    private static UnifiedJedis redis;

    private final AtomicLong offsets = new AtomicLong();
    private FakeProviderServer primaryServer;
    private FakeProviderServer backupServer;
    private FakeProviderAdapter primary;
    private FakeProviderAdapter backup;
    private DispatcherHarness harness;

    @BeforeAll
    static void connectRedis() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void closeRedis() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        TestRedis.flushAll();
        redis.set(RedisKeys.POLL_READY, "ready"); // the poll schedule counts the tasks in flight
        primaryServer = new FakeProviderServer();
        backupServer = new FakeProviderServer();
        primary = new FakeProviderAdapter(PRIMARY, primaryServer.baseUrl(), false);
        backup = new FakeProviderAdapter(BACKUP, backupServer.baseUrl(), true, "backup-model");
        harness = new DispatcherHarness(redis, primary, backup);
        harness.settings(PRIMARY).getApiKeys().put("k1", K1);
        harness.settings(PRIMARY).getApiKeys().put("k2", K2);
        harness.settings(PRIMARY).getApiKeys().put("k3", K3);
        harness.settings(BACKUP).setApiKey(BACKUP_KEY);
    }

    @AfterEach
    void tearDown() {
        primaryServer.close();
        backupServer.close();
    }

    @Test
    void keysAreUsedInTurnByEveryInstance() {
        harness.start();
        DispatcherHarness secondInstance = new DispatcherHarness(redis, primary, backup);
        secondInstance.properties.getProviders().putAll(harness.properties.getProviders());
        JobDispatcher other = secondInstance.start().dispatcher;

        for (int i = 0; i < 6; i++) {
            (i % 2 == 0 ? harness.dispatcher : other).handle(record(request(PRIMARY, Map.of())));
        }

        assertThat(primaryServer.submitKeys()).containsExactly(K1, K2, K3, K1, K2, K3);
        assertThat(harness.sleeper.waits).isEmpty();
    }

    @Test
    void aKeyOutOfCreditsIsBenchedAndTheNextKeyTakesTheJobAtOnce() {
        primaryServer.refuseKey(K1, 402);
        harness.start();

        for (int i = 0; i < 4; i++) {
            harness.dispatcher.handle(record(request(PRIMARY, Map.of())));
        }

        assertThat(harness.events.states()).containsOnly(JobState.SUBMITTED).hasSize(4);
        assertThat(harness.events.all()).extracting(Job::providerKeyId).doesNotContain("k1");
        assertThat(primaryServer.submitsWithKey(K1)).as("k1 is skipped once benched").isEqualTo(1);
        assertThat(harness.sleeper.waits).as("no wait for the next key").isEmpty();
        assertThat(harness.bench.find(new LimitScope(PRIMARY, "k1"))).hasValueSatisfying(b ->
                assertThat(b.reason()).isEqualTo("credits (HTTP 402)"));
        assertThat(harness.counter("mediajobs.dispatcher.keys.benched", "provider", PRIMARY, "key", "k1",
                "reason", "credits")).isEqualTo(1);
        assertThat(harness.counter("mediajobs.provider.requests", "provider", PRIMARY, "key", "k1", "call", "submit",
                "outcome", "credits")).isEqualTo(1);
    }

    @Test
    void aRevokedKeyIsBenchedForAuth() {
        primaryServer.refuseKey(K1, 401);
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));

        assertThat(harness.events.last().state()).isEqualTo(JobState.SUBMITTED);
        assertThat(harness.events.last().providerKeyId()).isEqualTo("k2");
        assertThat(harness.bench.find(new LimitScope(PRIMARY, "k1")).orElseThrow().reason()).startsWith("auth");
    }

    @Test
    void aRateLimitedKeyIsPassedOverForAnotherKeyWithoutWaiting() {
        primaryServer.script(new Reply(429, "30", null));
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));

        assertThat(harness.events.last().state()).isEqualTo(JobState.SUBMITTED);
        assertThat(primaryServer.submitKeys()).containsExactly(K1, K2);
        assertThat(harness.sleeper.waits).isEmpty();
        assertThat(harness.limits.blockedForMillis(new LimitScope(PRIMARY, "k1"))).isPositive();
    }

    @Test
    void whenEveryKeyIsRefusedTheDispatcherSleepsTheShortestWaitAndThenSubmits() {
        harness.settings(PRIMARY).getApiKeys().remove("k3");
        harness.sleeper.passTime();
        harness.start();
        harness.limits.rateLimited(new LimitScope(PRIMARY, "k1"), Duration.ofSeconds(20));
        harness.limits.rateLimited(new LimitScope(PRIMARY, "k2"), Duration.ofMillis(700));

        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));

        assertThat(harness.events.last().state()).isEqualTo(JobState.SUBMITTED);
        assertThat(harness.events.last().providerKeyId()).isEqualTo("k2");
        assertThat(harness.sleeper.waits).isNotEmpty()
                .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(700)));
        assertThat(harness.meters.get("mediajobs.dispatcher.limiter.wait").timer().totalTime(
                java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void aJobThatWaitedTheLongestAllowedIsDeliveredAgainNeverFailedAndHoldsNothing() {
        harness.maxLimiterWait = Duration.ofSeconds(25);
        harness.settings(PRIMARY).getLimits().setMaxConcurrentTasks(5);
        harness.start();
        harness.limits.rateLimited(new LimitScope(PRIMARY, "k1"), Duration.ofSeconds(10));
        harness.limits.rateLimited(new LimitScope(PRIMARY, "k2"), Duration.ofSeconds(20));
        harness.limits.rateLimited(new LimitScope(PRIMARY, "k3"), Duration.ofSeconds(30));
        String jobId = JobIds.random();

        assertThatThrownBy(() -> harness.dispatcher.handle(record(restRequest(jobId, PRIMARY, Map.of()))))
                .isInstanceOf(LimiterWaitExceededException.class).hasMessageContaining(jobId);

        assertThat(harness.events.all()).as("nothing published: the job stays queued").isEmpty();
        assertThat(primaryServer.submits()).isZero();
        assertThat(harness.sleeper.waits.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(25));
        assertThat(harness.sleeper.waits.getFirst()).as("the shortest wait: k1's")
                .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        assertThat(harness.ledger.find(jobId)).isInstanceOf(DispatchRecord.None.class);
        for (String key : List.of("k1", "k2", "k3")) {
            assertThat(harness.limits.inFlight(new LimitScope(PRIMARY, key))).as("slot of %s", key).isZero();
        }
        assertThat(harness.counter("mediajobs.dispatcher.limiter.redeliveries", "provider", PRIMARY)).isEqualTo(1);
    }

    @Test
    void theSlotStaysWithASubmittedTaskAndIsGivenBackWhenNoTaskWasCreated() {
        harness.settings(PRIMARY).getLimits().setMaxConcurrentTasks(3);
        harness.settings(PRIMARY).getApiKeys().clear();
        harness.settings(PRIMARY).setApiKey(K1);
        harness.start();
        LimitScope scope = new LimitScope(PRIMARY, "default");

        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));
        primaryServer.script(new Reply(400, null, "{\"error\":\"bad prompt\"}"));
        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));

        assertThat(harness.events.states()).containsExactly(JobState.SUBMITTED, JobState.FAILED);
        assertThat(harness.limits.inFlight(scope)).as("only the submitted task holds a slot").isEqualTo(1);
    }

    @Test
    void whenEveryKeyIsOutOfCreditsTheJobFallsBackToTheProviderItNamed() {
        List.of(K1, K2, K3).forEach(k -> primaryServer.refuseKey(k, 402));
        harness.start();
        String jobId = JobIds.random();

        harness.dispatcher.handle(record(restRequest(jobId, PRIMARY, Map.of(JobOptions.FALLBACKS, List.of(BACKUP)))));

        Job submitted = harness.events.last();
        assertThat(submitted.state()).isEqualTo(JobState.SUBMITTED);
        assertThat(submitted.provider()).isEqualTo(BACKUP);
        assertThat(submitted.model()).isEqualTo("backup-model");
        assertThat(submitted.providerKeyId()).isEqualTo("default");
        assertThat(submitted.result()).containsEntry(SubmissionService.FALLBACK_FROM, List.of(PRIMARY));
        assertThat(harness.ledger.find(jobId)).isEqualTo(new DispatchRecord.Submitted(submitted.providerTaskId(), "default"));
        assertThat(backup.submitted()).singleElement().satisfies(r -> {
            assertThat(r.model()).isEqualTo("backup-model");
            assertThat(r.options()).as("the reserved option is not sent").isEmpty();
        });
        assertThat(primaryServer.submits()).isEqualTo(3);
        assertThat(harness.counter("mediajobs.dispatcher.fallbacks", "from", PRIMARY, "to", BACKUP, "reason", "credits"))
                .isEqualTo(1);

        // the next job finds every key benched and falls back without calling the primary at all
        harness.dispatcher.handle(record(request(PRIMARY, Map.of(JobOptions.FALLBACKS,
                List.of(Map.of("provider", BACKUP, "model", "backup-model"))))));
        assertThat(harness.events.last().provider()).isEqualTo(BACKUP);
        assertThat(primaryServer.submits()).isEqualTo(3);
    }

    @Test
    void theProvidersConfiguredFallbacksFollowTheJobsOwn() {
        primaryServer.refuseKey(K1, 402).refuseKey(K2, 402).refuseKey(K3, 402);
        harness.settings(PRIMARY).setFallbacks(List.of(BACKUP));
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));

        assertThat(harness.events.last().provider()).isEqualTo(BACKUP);
    }

    @Test
    void transientFailuresFallBackOnceTheRetriesAtTheProviderAreUsedUp() {
        harness.maxAttempts = 3;
        for (int i = 0; i < 3; i++) {
            primaryServer.script(new Reply(503, null, "{\"error\":\"overloaded\"}"));
        }
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of(JobOptions.FALLBACKS, List.of(BACKUP)))));

        assertThat(harness.events.last().provider()).isEqualTo(BACKUP);
        assertThat(harness.sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1_000));
        assertThat(harness.counter("mediajobs.dispatcher.fallbacks", "from", PRIMARY, "to", BACKUP,
                "reason", "transient")).isEqualTo(1);
    }

    @Test
    void aValidationErrorNeverFallsBack() {
        primaryServer.script(new Reply(400, null, "{\"error\":\"prompt rejected\"}"));
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of(JobOptions.FALLBACKS, List.of(BACKUP)))));

        assertThat(harness.events.last().state()).isEqualTo(JobState.FAILED);
        assertThat(harness.events.last().error().code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(backupServer.submits()).isZero();
    }

    @Test
    void aSubmitWithoutAnswerNeverFallsBackBecauseItsTaskMayExist() {
        primaryServer.script(new Drop(true));
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of(JobOptions.FALLBACKS, List.of(BACKUP)))));

        assertThat(harness.events.last().error().code()).isEqualTo(ErrorCodes.SUBMIT_UNRECONCILED);
        assertThat(backupServer.submits()).isZero();
    }

    @Test
    void whenTheWholeChainRefusesTheJobFailsWithTheLastErrorAndWhatWasTried() {
        List.of(K1, K2, K3).forEach(k -> primaryServer.refuseKey(k, 402));
        backupServer.refuseKey(BACKUP_KEY, 401);
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of(JobOptions.FALLBACKS, List.of(BACKUP)))));

        Job failed = harness.events.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.provider()).isEqualTo(PRIMARY);
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.PROVIDER_AUTH);
        assertThat(failed.error().provider()).isEqualTo(BACKUP);
        assertThat(failed.error().message()).contains("tried: fake/k1 -> credits (HTTP 402), fake/k2 -> credits (HTTP 402), "
                + "fake/k3 -> credits (HTTP 402), backup/default -> auth (HTTP 401)");
        assertThat(JsonCodec.toJson(failed)).doesNotContain(K1, K2, K3, BACKUP_KEY);
    }

    @Test
    void aConfiguredFallbackThatCannotTakeTheRequestIsSkipped() {
        primaryServer.refuseKey(K1, 402).refuseKey(K2, 402).refuseKey(K3, 402);
        backup.strict();
        harness.settings(PRIMARY).setFallbacks(List.of(BACKUP));
        harness.start();

        harness.dispatcher.handle(record(request(PRIMARY, Map.of("steps", 20))));

        Job failed = harness.events.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().code()).as("the primary's error").isEqualTo(ErrorCodes.PROVIDER_CREDITS);
        assertThat(failed.error().message()).contains("backup -> cannot take the request (options.steps");
        assertThat(backupServer.submits()).isZero();
    }

    @Test
    void anInterruptedSubmitToAFallbackIsReconciledThereWithItsKey() {
        harness.start();
        String jobId = JobIds.random();
        String taskId = backupServer.existingTask(jobId);
        harness.ledger.claim(jobId, BACKUP, "default", Instant.now());

        harness.dispatcher.handle(record(restRequest(jobId, PRIMARY, Map.of(JobOptions.FALLBACKS, List.of(BACKUP)))));

        Job submitted = harness.events.last();
        assertThat(submitted.provider()).isEqualTo(BACKUP);
        assertThat(submitted.providerTaskId()).isEqualTo(taskId);
        assertThat(submitted.result()).containsEntry(SubmissionService.FALLBACK_FROM, List.of(PRIMARY));
        assertThat(primaryServer.submits()).isZero();
        assertThat(backupServer.lookups()).isEqualTo(1);
        assertThat(harness.counter("mediajobs.provider.requests", "provider", BACKUP, "call", "other", "outcome", "ok"))
                .isEqualTo(1);
    }

    @Test
    void providersThatCallBackGetTheJobsCallbackUrl() {
        FakeProviderAdapter runware = new FakeProviderAdapter("runware", backupServer.baseUrl(), true).callingBack();
        harness = new DispatcherHarness(redis, primary, runware);
        harness.settings(PRIMARY).setApiKey(K1);
        harness.settings("runware").setApiKey(BACKUP_KEY);
        harness.callbacks.setPublicBaseUrl("https://media.example.com");
        harness.callbacks.setSecret("a-callback-secret-of-at-least-32-chars");
        harness.start();
        String jobId = JobIds.random();

        harness.dispatcher.handle(record(restRequest(jobId, "runware", Map.of())));
        harness.dispatcher.handle(record(request(PRIMARY, Map.of())));

        String url = runware.submitted().getFirst().callbackUrl();
        assertThat(url).startsWith("https://media.example.com/v1/callbacks/" + jobId + "/");
        assertThat(new CallbackTokens(harness.callbacks).verify(jobId, url.substring(url.lastIndexOf('/') + 1))).isTrue();
        assertThat(primary.submitted().getFirst().callbackUrl()).as("a provider that cannot call back").isNull();
    }

    // --- requests and records

    private JobRequest request(String provider, Map<String, Object> options) {
        return restRequest(JobIds.random(), provider, options);
    }

    private JobRequest restRequest(String jobId, String provider, Map<String, Object> options) {
        return new JobRequest(JobRequest.SUBMIT, jobId, "acme", null, provider, null, "text-to-image",
                JobInput.ofPrompt("a lighthouse at dusk"), options, null, "idem-" + jobId, "hash",
                JobRequest.SOURCE_REST, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private ConsumerRecord<String, String> record(JobRequest request) {
        return new ConsumerRecord<>("test.requests.pool", 0, offsets.incrementAndGet(), request.jobId(),
                JsonCodec.toJson(request));
    }
}
