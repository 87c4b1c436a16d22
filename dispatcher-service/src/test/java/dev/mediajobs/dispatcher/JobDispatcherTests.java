package dev.mediajobs.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.dispatcher.FakeProviderServer.Drop;
import dev.mediajobs.dispatcher.FakeProviderServer.Reply;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * The dispatcher core without Spring: real Redis (the test redis-server), a real HTTP provider
 * ({@link FakeProviderServer}) behind a real adapter, and a sink that records the published snapshots.
 */
class JobDispatcherTests {

    private static final String TOPIC = "test.requests.unit";
    private static final String WITH_IDS = "fake";
    private static final String WITHOUT_IDS = "fake-noids";
    private static final String UNCONFIGURED = "fake-nokey";

    private static UnifiedJedis redis;

    private final AtomicLong offsets = new AtomicLong();
    private final String tenant = "tenant-" + JobIds.random().substring(0, 8);
    private FakeProviderServer provider;
    private DispatcherHarness harness;
    private DispatcherHarness.RecordingSink events;
    private DispatcherHarness.RecordingSleeper sleeper;
    private SimpleMeterRegistry meters;
    private DispatchLedger ledger;
    private CancelRequests cancels;
    private JobDispatcher dispatcher;

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
        TestRedis.flushAll(); // limiter windows, Retry-After blocks and benched keys of earlier tests
        provider = new FakeProviderServer();
        harness = new DispatcherHarness(redis,
                new FakeProviderAdapter(WITH_IDS, provider.baseUrl(), true),
                new FakeProviderAdapter(WITHOUT_IDS, provider.baseUrl(), false),
                new FakeProviderAdapter(UNCONFIGURED, provider.baseUrl(), true));
        harness.settings(WITH_IDS).setApiKey("key-with-ids");
        harness.settings(WITHOUT_IDS).setApiKey("key-without-ids");
        harness.start();
        events = harness.events;
        sleeper = harness.sleeper;
        meters = harness.meters;
        ledger = harness.ledger;
        cancels = harness.cancels;
        dispatcher = harness.dispatcher;
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void submitsAJobOnceAndIgnoresTheDuplicateRequest() {
        JobRequest request = kafkaRequest(WITH_IDS, "a red fox", "req-1");
        String jobId = JobIds.fromRequestId(tenant, "req-1");

        dispatcher.handle(record(request));

        assertThat(events.states()).containsExactly(JobState.QUEUED, JobState.SUBMITTED);
        Job queued = events.get(0);
        assertThat(queued.id()).isEqualTo(jobId);
        assertThat(queued.version()).isEqualTo(1);
        assertThat(queued.source()).isEqualTo(JobRequest.SOURCE_KAFKA);
        Job submitted = events.get(1);
        assertThat(submitted.version()).isEqualTo(2);
        assertThat(submitted.providerTaskId()).startsWith("task-");
        assertThat(submitted.providerKeyId()).isEqualTo("default");
        assertThat(submitted.attempt()).isEqualTo(1);
        assertThat(submitted.submittedAt()).isNotNull();
        assertThat(submitted.expectedDoneAt()).as("the adapter's first-poll estimate, 1 s")
                .isEqualTo(submitted.submittedAt().plusMillis(1_000));
        assertThat(submitted.result()).containsEntry("revisedPrompt", "a revised prompt");
        assertThat(redis.get(RedisKeys.dispatch(jobId))).isEqualTo("submitted " + submitted.providerTaskId() + " default");

        // the same request again (a second record with the same requestId, or a redelivery)
        dispatcher.handle(record(request));
        dispatcher.handle(record(request));

        assertThat(events.all()).hasSize(2);
        assertThat(provider.submits()).isEqualTo(1);
        assertThat(submitCalls(WITH_IDS)).isEqualTo(1);
        assertThat(outcomes(WITH_IDS, "duplicate")).isEqualTo(2);
    }

    @Test
    void restRequestsAreNotPublishedAsQueuedAgain() {
        dispatcher.handle(record(restRequest(JobIds.random(), WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(events.get(0).version()).isEqualTo(2);
        assertThat(events.get(0).source()).isEqualTo(JobRequest.SOURCE_REST);
    }

    @Test
    void crashMidSubmitToProviderWithoutClientTaskIdsFailsUnreconciledInsteadOfPayingTwice() {
        String jobId = JobIds.random();
        assertThat(ledger.claim(jobId, WITHOUT_IDS, "default", Instant.now())).isTrue(); // what a dispatcher that died left behind

        dispatcher.handle(record(restRequest(jobId, WITHOUT_IDS)));

        assertThat(events.states()).containsExactly(JobState.FAILED);
        Job failed = events.get(0);
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.SUBMIT_UNRECONCILED);
        assertThat(failed.error().retryable()).isFalse();
        assertThat(failed.error().message()).contains("dashboard", jobId, WITHOUT_IDS);
        assertThat(provider.submits()).isZero();

        dispatcher.handle(record(restRequest(jobId, WITHOUT_IDS))); // redelivered again: nothing more happens
        assertThat(events.all()).hasSize(1);
        assertThat(provider.submits()).isZero();
    }

    @Test
    void crashMidSubmitIsReconciledThroughTheClientTaskId() {
        String jobId = JobIds.random();
        String taskId = provider.existingTask(jobId); // the lost submit did create the task
        ledger.claim(jobId, WITH_IDS, "default", Instant.now());

        dispatcher.handle(record(restRequest(jobId, WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(events.get(0).providerTaskId()).isEqualTo(taskId);
        assertThat(provider.lookups()).isEqualTo(1);
        assertThat(provider.submits()).isZero();
        assertThat(outcomes(WITH_IDS, "reconciled")).isEqualTo(1);
    }

    @Test
    void crashMidSubmitBeforeTheProviderCreatedTheTaskSubmitsNow() {
        String jobId = JobIds.random();
        ledger.claim(jobId, WITH_IDS, "default", Instant.now());

        dispatcher.handle(record(restRequest(jobId, WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(provider.lookups()).isEqualTo(1);
        assertThat(provider.submits()).isEqualTo(1);
    }

    @Test
    void rateLimitIsRetriedOnlyAfterTheProvidersRetryAfterHasPassed() {
        sleeper.passTime(); // the limiter counts in Redis time: the Retry-After must really pass
        provider.script(new Reply(429, "1", null), new Reply(429, "1", null));

        dispatcher.handle(record(restRequest(JobIds.random(), WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(provider.submits()).isEqualTo(3);
        List<Long> arrivals = provider.submitNanos();
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1)))
                    .as("no submit before the Retry-After of the one before").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(sleeper.waits).isNotEmpty().allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(meters.get("mediajobs.dispatcher.submit.retries").tag("reason", "rate_limited").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("mediajobs.limiter.blocks").tag("provider", WITH_IDS).counter().count()).isEqualTo(2);
        assertThat(meters.get("mediajobs.provider.requests").tag("provider", WITH_IDS).tag("outcome", "rate_limited")
                .counter().count()).isEqualTo(2);
    }

    @Test
    void transientFailuresBackOffExponentiallyAndGiveUpAfterMaxAttempts() {
        for (int i = 0; i < 5; i++) {
            provider.script(new Reply(503, null, "{\"error\":\"overloaded\"}"));
        }

        dispatcher.handle(record(restRequest(JobIds.random(), WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.FAILED);
        assertThat(events.get(0).error().code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
        assertThat(events.get(0).error().retryable()).isTrue();
        assertThat(events.get(0).error().message()).contains("overloaded", "gave up after 5 attempt(s)");
        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1_000),
                Duration.ofMillis(2_000), Duration.ofMillis(4_000));
        assertThat(provider.submits()).isEqualTo(5);
    }

    @Test
    void badRequestIsNotRetried() {
        provider.script(new Reply(400, null, "{\"error\":\"prompt rejected by the safety filter\"}"));

        dispatcher.handle(record(restRequest(JobIds.random(), WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.FAILED);
        Job failed = events.get(0);
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(failed.error().message()).contains("prompt rejected by the safety filter");
        assertThat(failed.error().provider()).isEqualTo(WITH_IDS);
        assertThat(sleeper.waits).isEmpty();
        assertThat(provider.submits()).isEqualTo(1);
    }

    @Test
    void kafkaRequestThatIsInvalidIsQueuedThenFailedNamingTheField() {
        JobRequest request = kafkaRequest(WITH_IDS, null, "req-invalid");

        dispatcher.handle(record(request));

        assertThat(events.states()).containsExactly(JobState.QUEUED, JobState.FAILED);
        Job failed = events.get(1);
        assertThat(failed.version()).isEqualTo(2);
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(failed.error().message()).startsWith("input.prompt: input.prompt is required for text-to-image");
        assertThat(failed.error().retryable()).isFalse();
        assertThat(provider.submits()).isZero();
    }

    @Test
    void noAnswerFromProviderWithoutClientTaskIdsIsNotRetried() {
        provider.script(new Drop(true));

        dispatcher.handle(record(restRequest(JobIds.random(), WITHOUT_IDS)));

        assertThat(events.states()).containsExactly(JobState.FAILED);
        assertThat(events.get(0).error().code()).isEqualTo(ErrorCodes.SUBMIT_UNRECONCILED);
        assertThat(events.get(0).error().message()).contains("no answer", "dashboard");
        assertThat(sleeper.waits).isEmpty();
        assertThat(provider.submits()).isEqualTo(1);
    }

    @Test
    void noAnswerFromProviderWithClientTaskIdsIsLookedUpBeforeSubmittingAgain() {
        provider.script(new Drop(true));
        String jobId = JobIds.random();

        dispatcher.handle(record(restRequest(jobId, WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(events.get(0).providerTaskId()).isEqualTo(provider.existingTask(jobId));
        assertThat(sleeper.waits).hasSize(1);
        assertThat(provider.lookups()).isEqualTo(1);
        assertThat(provider.submits()).isEqualTo(1);
    }

    @Test
    void cancelBeforeSubmissionCancelsTheQueuedJob() {
        String jobId = JobIds.random();
        dispatcher.handle(record(JobRequest.cancel(jobId, tenant, Instant.now())));
        assertThat(events.all()).isEmpty();

        dispatcher.handle(record(restRequest(jobId, WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.CANCELED);
        assertThat(events.get(0).error().code()).isEqualTo(ErrorCodes.CANCELED);
        assertThat(events.get(0).cancelRequested()).isTrue();
        assertThat(cancels.isRequested(jobId)).isTrue();
        assertThat(provider.submits()).isZero();
    }

    @Test
    void providerWithoutApiKeyFailsNamingThePropertyToSet() {
        dispatcher.handle(record(restRequest(JobIds.random(), UNCONFIGURED)));

        assertThat(events.states()).containsExactly(JobState.FAILED);
        assertThat(events.get(0).error().code()).isEqualTo(ErrorCodes.PROVIDER_NOT_CONFIGURED);
        assertThat(events.get(0).error().message()).contains("mediajobs.providers." + UNCONFIGURED + ".api-key");
        assertThat(provider.submits()).isZero();
    }

    @Test
    void synchronousProviderOutputsTravelWithTheSubmittedSnapshot() {
        provider.script(new Reply(200, null,
                "{\"id\":\"sync-1\",\"status\":\"succeeded\",\"assets\":[\"http://127.0.0.1:1/out.png\"]}"));

        dispatcher.handle(record(restRequest(JobIds.random(), WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(events.get(0).providerTaskId()).isEqualTo("sync-1");
        assertThat(events.get(0).providerAssets()).containsExactly(ProviderAsset.ofUrl("http://127.0.0.1:1/out.png"));
    }

    @Test
    void aSynchronousRefusalFailsTheJobWithTheProvidersReason() {
        provider.script(new Reply(200, null, "{\"id\":\"sync-2\",\"status\":\"failed\",\"reason\":\"prompt blocked\"}"));

        dispatcher.handle(record(restRequest(JobIds.random(), WITH_IDS)));

        assertThat(events.states()).containsExactly(JobState.FAILED);
        assertThat(events.get(0).error().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(events.get(0).error().message()).isEqualTo("prompt blocked");
        assertThat(events.get(0).providerTaskId()).isEqualTo("sync-2");
    }

    @Test
    void crashBetweenSubmitAndPublicationPublishesTheSameSnapshotOnRedelivery() {
        String jobId = JobIds.random();
        events.failNextPublish();
        ConsumerRecord<String, String> record = record(restRequest(jobId, WITHOUT_IDS));

        assertThatThrownBy(() -> dispatcher.handle(record)).hasMessageContaining("Kafka is down");
        assertThat(events.all()).isEmpty();

        dispatcher.handle(record); // the uncommitted record comes again

        assertThat(events.states()).containsExactly(JobState.SUBMITTED);
        assertThat(provider.submits()).isEqualTo(1);
        assertThat(outcomes(WITHOUT_IDS, "republished")).isEqualTo(1);
        assertThat(redis.get(RedisKeys.dispatch(jobId))).startsWith("submitted ");
    }

    @Test
    void unreadableRecordsAreSkippedAndCounted() {
        dispatcher.handle(new ConsumerRecord<>(TOPIC, 0, offsets.incrementAndGet(), "k", "{not json"));
        dispatcher.handle(new ConsumerRecord<>(TOPIC, 0, offsets.incrementAndGet(), "k", "{\"type\":\"resubmit\",\"tenant\":\"t\"}"));

        assertThat(events.all()).isEmpty();
        assertThat(meters.get("mediajobs.dispatcher.requests.rejected").tag("reason", "unreadable").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("mediajobs.dispatcher.requests.rejected").tag("reason", "unknown_type").counter().count())
                .isEqualTo(1);
    }

    // --- helpers

    private JobRequest kafkaRequest(String providerId, String prompt, String requestId) {
        return new JobRequest(JobRequest.SUBMIT, null, tenant, requestId, providerId, null, "text-to-image",
                JobInput.ofPrompt(prompt), Map.of(), null, null, null, null, null);
    }

    private JobRequest restRequest(String jobId, String providerId) {
        return new JobRequest(JobRequest.SUBMIT, jobId, tenant, null, providerId, null, "text-to-image",
                JobInput.ofPrompt("a lighthouse at dusk"), Map.of(), null, "idem-" + jobId, "hash", JobRequest.SOURCE_REST,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private ConsumerRecord<String, String> record(JobRequest request) {
        return new ConsumerRecord<>(TOPIC, 0, offsets.incrementAndGet(), request.jobId(), JsonCodec.toJson(request));
    }

    private long submitCalls(String providerId) {
        return meters.get("mediajobs.dispatcher.submit.duration").tag("provider", providerId).timer().count();
    }

    private double outcomes(String providerId, String outcome) {
        return meters.get("mediajobs.dispatcher.submits").tag("provider", providerId).tag("outcome", outcome)
                .counter().count();
    }
}
