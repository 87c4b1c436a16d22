package dev.mediajobs.poller.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.limits.TaskLimits;
import dev.mediajobs.poller.metrics.PollerMetrics;
import dev.mediajobs.poller.schedule.ClaimedTask;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.poller.schedule.PollTask;
import dev.mediajobs.poller.testing.RecordingPublisher;
import dev.mediajobs.poller.testing.TestClock;
import dev.mediajobs.poller.testing.TestJobs;
import dev.mediajobs.poller.tracking.TaskTracker;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.PollNudges;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.FreePorts;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The poll decisions of {@link TaskPoller} against the real simulator over HTTP and a real Redis (with the real shared
 * limiter in it); only the Kafka publisher is replaced by a recorder.
 */
class TaskPollerTests {

    private static final String API_KEY = "sim-key";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration LEASE = Duration.ofSeconds(60);
    /** Queued for its first tenth, then running with progress rising about 1 % per 70 ms. */
    private static final int RUNNING_TASK_MS = 8_000;

    private static SimulatorServer simulator;
    private static SimulatorServer rateLimitingSimulator;
    private static UnifiedJedis redis;

    private final TestClock clock = new TestClock();
    private final RecordingPublisher published = new RecordingPublisher();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PollerProperties properties = new PollerProperties();
    private final LimitScope scope = new LimitScope("simulator", "default");
    private PollSchedule schedule;
    private CancelRequests cancels;
    private PollNudges nudges;
    private SimulatorProviderAdapter adapter;
    private TaskTracker tracker;
    private TaskPoller poller;

    @BeforeAll
    static void startSimulators() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(API_KEY).build());
        rateLimitingSimulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(API_KEY)
                .rateLimitRate(1.0).retryAfterSeconds(7).build());
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void stopSimulators() {
        simulator.close();
        rateLimitingSimulator.close();
        redis.close();
    }

    @BeforeEach
    void setUp() {
        TestRedis.flushAll(); // the schedule and the limiter's budgets, slots and blocks of earlier tests
        properties.setMaxConsecutiveErrors(3);
        schedule = new PollSchedule(redis);
        cancels = new CancelRequests(redis);
        nudges = new PollNudges(redis);
        ProviderRegistry registry = registry(simulator.baseUrl());
        adapter = (SimulatorProviderAdapter) registry.find("simulator").orElseThrow();
        tracker = tracker(registry);
        poller = poller(registry);
    }

    @AfterEach
    void cleanUp() {
        TestRedis.flushAll();
    }

    @Test
    void aRunningTaskIsReportedRunningOnceHoweverOftenItIsPolled() throws Exception {
        Job job = submit(Map.of("durationMs", RUNNING_TASK_MS));
        tracker.apply(job, clock.instant());

        List<PollOutcome> outcomes = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            outcomes.add(pollDue(job.id()));
            return outcomes.stream().filter(o -> o == PollOutcome.RUNNING).count() >= 3;
        });

        assertThat(outcomes).containsOnly(PollOutcome.PENDING, PollOutcome.RUNNING);
        assertThat(published.of(job.id())).singleElement().satisfies(running -> {
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.version()).isEqualTo(job.version() + 1);
            assertThat(running.progress()).isNotNull();
        });
        assertThat(schedule.dueAt(job.id())).as("still scheduled").isPresent();
        assertThat(meters.counter("mediajobs.poller.polls", "provider", "simulator", "outcome", "running").count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aFinishedTaskIsHandedToStorageWithItsOutputs() throws Exception {
        Job job = submit(Map.of("durationMs", 0));
        tracker.apply(job, clock.instant());

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.STORING);

        Job storing = published.of(job.id()).getLast();
        assertThat(storing.state()).isEqualTo(JobState.STORING);
        assertThat(storing.version()).isEqualTo(job.version() + 1);
        assertThat(storing.progress()).isEqualTo(100);
        assertThat(storing.providerAssets()).singleElement().satisfies(asset -> {
            assertThat(asset.url()).startsWith(simulator.baseUrl());
            assertThat(asset.contentType()).isEqualTo("image/png");
            assertThat(asset.expectedSha256()).hasSize(64);
        });
        assertThat(storing.providerTaskId()).isEqualTo(job.providerTaskId());
        assertThat(schedule.dueAt(job.id())).isEmpty();
        assertThat(schedule.load(job.id())).hasValueSatisfying(t -> assertThat(t.finished()).isTrue());
        assertThat(meters.counter("mediajobs.poller.completions", "provider", "simulator", "via", "poll").count()).isEqualTo(1);
        assertThat(meters.counter("mediajobs.poller.polls", "provider", "simulator", "outcome", "storing").count()).isEqualTo(1);
    }

    @Test
    void progressIsKeptInTheTaskRecordAndTheNextSnapshotBuildsOnTheLatestVersion() throws Exception {
        Job job = submit(Map.of("durationMs", RUNNING_TASK_MS));
        tracker.apply(job, clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> pollDue(job.id()) == PollOutcome.RUNNING);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pollDue(job.id());
            return schedule.load(job.id()).orElseThrow().job().progress() > published.of(job.id()).getFirst().progress();
        });

        PollTask task = schedule.load(job.id()).orElseThrow();
        assertThat(task.job().state()).isEqualTo(JobState.RUNNING);
        assertThat(task.version()).as("stored, not published").isEqualTo(job.version() + 1);
        assertThat(task.pollCount()).isGreaterThan(1);
        assertThat(published.of(job.id())).hasSize(1);

        cancels.request(job.id());
        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.CANCELED);
        assertThat(published.of(job.id()).getLast().version()).isEqualTo(job.version() + 2);
    }

    @Test
    void aTaskTheProviderFailsFailsTheJobWithTheProvidersReason() throws Exception {
        Job job = submit(Map.of("failOnPoll", true, "durationMs", 60_000));
        tracker.apply(job, clock.instant());

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.FAILED);

        Job failed = published.of(job.id()).getLast();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.error().provider()).isEqualTo("simulator");
        assertThat(failed.error().message()).isNotBlank();
        assertThat(failed.completedAt()).isNotNull();
        assertThat(schedule.dueAt(job.id())).isEmpty();
    }

    @Test
    void aCancelRequestCancelsAtTheProviderAndPublishesCanceled() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        cancels.request(job.id());

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.CANCELED);

        Job canceled = published.of(job.id()).getLast();
        assertThat(canceled.state()).isEqualTo(JobState.CANCELED);
        assertThat(canceled.error().code()).isEqualTo(ErrorCodes.CANCELED);
        assertThat(canceled.cancelRequested()).isTrue();
        PollResult atProvider = adapter.poll(ProviderTask.fromJob(job), credentials());
        assertThat(atProvider.failure().code()).as("the simulator task was canceled").isEqualTo(ErrorCodes.CANCELED);
        assertThat(schedule.dueAt(job.id())).isEmpty();
    }

    @Test
    void aTaskPastItsTimeoutIsCanceledAtTheProviderAndTimesOut() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        clock.advance(Duration.ofSeconds(601)); // the simulator's documented timeout is 600 s

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.TIMED_OUT);

        Job timedOut = published.of(job.id()).getLast();
        assertThat(timedOut.state()).isEqualTo(JobState.TIMED_OUT);
        assertThat(timedOut.error().code()).isEqualTo(ErrorCodes.TIMED_OUT);
        assertThat(timedOut.error().message()).contains("600 s").contains("mediajobs.providers.simulator.task-timeout");
        assertThat(adapter.poll(ProviderTask.fromJob(job), credentials()).failure().code()).isEqualTo(ErrorCodes.CANCELED);
    }

    @Test
    void noPollIsScheduledPastTheDeadline() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        // the next poll would be after the 600 s timeout: it is moved to the deadline
        clock.freeze();
        clock.advanceTo(job.submittedAt().plusSeconds(600).minus(POLL_INTERVAL.dividedBy(2)).toEpochMilli());

        pollDue(job.id());

        assertThat(schedule.dueAt(job.id())).contains(job.submittedAt().plusSeconds(600).toEpochMilli());
        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.TIMED_OUT);
    }

    @Test
    void aTaskIsAlwaysPolledWithTheKeyThatSubmittedIt() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000)).toBuilder().providerKeyId("retired-key").build();
        tracker.apply(job, clock.instant());

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.FAILED);

        Job failed = published.of(job.id()).getLast();
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.PROVIDER_AUTH);
        assertThat(failed.error().message()).contains("'retired-key'").contains("mediajobs.providers.simulator.api-keys.retired-key");
    }

    @Test
    void aTaskTheProviderNoLongerKnowsFails() {
        Job job = TestJobs.submitted(TestJobs.newId(), "no-such-task", Map.of(), clock.instant());
        tracker.apply(job, clock.instant());

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.FAILED);

        assertThat(published.of(job.id()).getLast().error().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
    }

    @Test
    void transientErrorsBackOffAndGiveUpAfterTheConfiguredNumberInARow() {
        TaskPoller unreachable = poller(registry("http://127.0.0.1:" + FreePorts.next()));
        Job job = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), clock.instant());
        tracker.apply(job, clock.instant());

        List<Long> waits = new ArrayList<>();
        for (int attempt = 1; attempt < 3; attempt++) {
            ClaimedTask claim = claimDue(job.id());
            long polledAt = clock.millis();
            assertThat(unreachable.poll(claim)).isEqualTo(PollOutcome.TRANSIENT_ERROR);
            waits.add(schedule.dueAt(job.id()).orElseThrow() - polledAt);
            assertThat(schedule.load(job.id()).orElseThrow().consecutiveErrors()).isEqualTo(attempt);
        }
        assertThat(waits.get(0)).isBetween(500L, 1_100L);
        assertThat(waits.get(1)).isBetween(1_000L, 2_100L);
        assertThat(published.of(job.id())).isEmpty();

        assertThat(unreachable.poll(claimDue(job.id()))).isEqualTo(PollOutcome.FAILED);

        Job failed = published.of(job.id()).getLast();
        assertThat(failed.error().code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
        assertThat(failed.error().message()).contains("gave up after 3");
        assertThat(failed.error().retryable()).isTrue();
    }

    @Test
    void aSuccessfulPollResetsTheErrorCount() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        TaskPoller unreachable = poller(registry("http://127.0.0.1:" + FreePorts.next()));
        unreachable.poll(claimDue(job.id()));
        unreachable.poll(claimDue(job.id()));

        pollDue(job.id());

        assertThat(schedule.load(job.id()).orElseThrow().consecutiveErrors()).isZero();
    }

    @Test
    void aRateLimitedPollIsRetriedNoEarlierThanRetryAfter() {
        TaskPoller limited = poller(registry(rateLimitingSimulator.baseUrl()));
        Job job = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), clock.instant());
        tracker.apply(job, clock.instant());

        ClaimedTask claim = claimDue(job.id());
        long polledAt = clock.millis();
        assertThat(limited.poll(claim)).isEqualTo(PollOutcome.RATE_LIMITED);

        assertThat(schedule.dueAt(job.id()).orElseThrow() - polledAt).isBetween(7_000L, 8_100L);
        PollTask task = schedule.load(job.id()).orElseThrow();
        assertThat(task.consecutiveRateLimits()).isEqualTo(1);
        assertThat(task.consecutiveErrors()).as("rate limits never fail the job").isZero();
        assertThat(published.of(job.id())).isEmpty();
    }

    @Test
    void outputsOfASynchronousProviderAreHandedToStorageWithoutPolling() {
        List<ProviderAsset> assets = List.of(new ProviderAsset("http://127.0.0.1:1/out.png", "image/png", null));
        Job job = TestJobs.submitted(TestJobs.newId(), null, Map.of(), clock.instant()).toBuilder().providerAssets(assets).build();
        tracker.apply(job, clock.instant());

        assertThat(schedule.dueAt(job.id())).as("due at once").hasValueSatisfying(due -> assertThat(due).isLessThanOrEqualTo(clock.millis()));
        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.STORING);

        Job storing = published.of(job.id()).getLast();
        assertThat(storing.state()).isEqualTo(JobState.STORING);
        assertThat(storing.providerAssets()).isEqualTo(assets);
        assertThat(meters.counter("mediajobs.poller.completions", "provider", "simulator", "via", "submit").count()).isEqualTo(1);
    }

    @Test
    void whenPublishingFailsTheTaskIsBackedOffAndTheSameTransitionIsPublishedLater() throws Exception {
        Job job = submit(Map.of("failOnPoll", true, "durationMs", 60_000));
        tracker.apply(job, clock.instant());
        published.failing(true);

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.ERROR);

        assertThat(schedule.dueAt(job.id())).hasValueSatisfying(due -> assertThat(due).isGreaterThan(clock.millis()));
        assertThat(schedule.load(job.id()).orElseThrow().version()).isEqualTo(job.version());
        published.failing(false);
        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.FAILED);
        assertThat(published.of(job.id())).singleElement().satisfies(j -> assertThat(j.version()).isEqualTo(job.version() + 1));
    }

    @Test
    void aPollerWhoseLeaseRanOutStepsBack() throws Exception {
        Job job = submit(Map.of("failOnPoll", true, "durationMs", 60_000));
        tracker.apply(job, clock.instant());
        ClaimedTask mine = claimDue(job.id());
        schedule.claim(mine.leaseUntilMillis(), 10, LEASE); // another instance took over after the lease

        assertThat(poller.poll(mine)).isEqualTo(PollOutcome.LEASE_LOST);

        assertThat(published.of(job.id())).isEmpty();
    }

    @Test
    void aDueEntryWithoutTaskRecordIsDropped() {
        String jobId = TestJobs.newId();
        redis.zadd(RedisKeys.POLL_DUE, clock.millis(), jobId);

        assertThat(pollDue(jobId)).isEqualTo(PollOutcome.DROPPED);

        assertThat(schedule.dueAt(jobId)).isEmpty();
    }

    @Test
    void eventsOfAFinishedJobNeverScheduleItAgain() throws Exception {
        Job job = submit(Map.of("failOnPoll", true, "durationMs", 60_000));
        tracker.apply(job, clock.instant());
        pollDue(job.id());
        Job failed = published.of(job.id()).getLast();

        assertThat(tracker.apply(job, clock.instant())).as("the submitted event again").isEqualTo(TaskTracker.Change.IGNORED);
        assertThat(tracker.apply(failed, clock.instant())).as("the poller's own event read back").isEqualTo(TaskTracker.Change.IGNORED);
        assertThat(schedule.dueAt(job.id())).isEmpty();
    }

    @Test
    void aJobFinishedElsewhereIsNoLongerPolled() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());

        assertThat(tracker.apply(job.transitionTo(JobState.CANCELED, clock.instant()), clock.instant()))
                .isEqualTo(TaskTracker.Change.FINISHED);

        assertThat(schedule.dueAt(job.id())).isEmpty();
        assertThat(schedule.claim(clock.millis() + 3_600_000, 100, LEASE)).extracting(ClaimedTask::jobId).doesNotContain(job.id());
    }

    // ---- the shared limiter, slots and callbacks

    @Test
    void aPollTheLimiterRefusesIsDeferredWithoutARequestAPollOrAnError() throws Exception {
        ProviderRegistry limited = registry(simulator.baseUrl(), s -> s.getLimits().setPollsPerMinute(1));
        TaskPoller limitedPoller = poller(limited);
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        assertThat(limitedPoller.poll(claimDue(job.id()))).isIn(PollOutcome.PENDING, PollOutcome.RUNNING);
        nudges.nudge(job.id()); // a callback: due at once, and the flag is left for the poll that does happen

        ClaimedTask claim = claimDue(job.id());
        long polledAt = clock.millis();
        assertThat(limitedPoller.poll(claim)).isEqualTo(PollOutcome.DEFERRED);

        // the polls budget frees up a minute (plus the margin) after the first poll: not before
        assertThat(schedule.dueAt(job.id()).orElseThrow() - polledAt).isBetween(50_000L, 61_000L + 250L);
        PollTask task = schedule.load(job.id()).orElseThrow();
        assertThat(task.pollCount()).as("no poll counted").isEqualTo(1);
        assertThat(task.consecutiveErrors()).as("no error counted").isZero();
        assertThat(nudges.isPending(job.id())).isTrue();
        assertThat(meters.counter("mediajobs.poller.deferred", "provider", "simulator", "call", "poll", "reason", "rate").count())
                .isEqualTo(1);
        assertThat(meters.find("mediajobs.poller.polls").tag("outcome", "deferred").counter()).isNull();
        assertThat(meters.counter("mediajobs.provider.requests", "provider", "simulator", "key", "default", "call", "poll",
                "outcome", "ok").count()).as("one request made").isEqualTo(1);
        assertThat(limits(limited).used(scope, "polls")).isEqualTo(1);
        assertThat(published.of(job.id())).isEmpty();
    }

    @Test
    void aRateLimitedPollBlocksTheKeyForEveryInstanceUntilRetryAfter() throws Exception {
        ProviderRegistry limitingRegistry = registry(rateLimitingSimulator.baseUrl());
        TaskPoller limited = poller(limitingRegistry);
        Job first = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), clock.instant());
        // due a millisecond later, so that claiming the first due task claims the first job (equal scores would
        // be claimed in the random order of their ids)
        Job second = TestJobs.submitted(TestJobs.newId(), "task-2", Map.of(), clock.instant().plusMillis(1));
        tracker.apply(first, clock.instant());
        tracker.apply(second, clock.instant().plusMillis(1));

        assertThat(limited.poll(claimDue(first.id()))).isEqualTo(PollOutcome.RATE_LIMITED);

        assertThat(limits(limitingRegistry).blockedForMillis(scope)).as("Retry-After: 7").isBetween(5_000L, 7_000L);
        assertThat(meters.counter("mediajobs.provider.requests", "provider", "simulator", "key", "default", "call", "poll",
                "outcome", "rate_limited").count()).isEqualTo(1);
        // the other task of the same key is not polled before the block ends, though it is due
        ClaimedTask claim = claimDue(second.id());
        long polledAt = clock.millis();
        assertThat(limited.poll(claim)).isEqualTo(PollOutcome.DEFERRED);
        assertThat(schedule.dueAt(second.id()).orElseThrow() - polledAt).isGreaterThanOrEqualTo(5_000L);
        assertThat(meters.counter("mediajobs.poller.deferred", "provider", "simulator", "call", "poll", "reason", "retry_after")
                .count()).isEqualTo(1);
        assertThat(meters.counter("mediajobs.provider.requests", "provider", "simulator", "key", "default", "call", "poll",
                "outcome", "rate_limited").count()).as("no second request").isEqualTo(1);
    }

    @Test
    void aTaskHoldsItsConcurrencySlotWhileAtTheProviderAndGivesItBackWhenItLeaves() throws Exception {
        ProviderRegistry limited = registry(simulator.baseUrl(), s -> s.getLimits().setMaxConcurrentTasks(5));
        TaskTracker limitedTracker = tracker(limited);
        TaskPoller limitedPoller = poller(limited);
        ProviderLimits limits = limits(limited);
        Job quick = submit(Map.of("durationMs", 0));
        Job slow = submit(Map.of("durationMs", 60_000));

        limitedTracker.apply(quick, clock.instant());
        limitedTracker.apply(slow, clock.instant());
        assertThat(limits.inFlight(scope)).as("tracked tasks hold their slots").isEqualTo(2);

        assertThat(limitedPoller.poll(claimDue(quick.id()))).isEqualTo(PollOutcome.STORING);
        assertThat(limits.inFlight(scope)).as("done: released").isEqualTo(1);
        assertThat(limitedPoller.poll(claimDue(slow.id()))).isIn(PollOutcome.PENDING, PollOutcome.RUNNING);
        assertThat(limits.inFlight(scope)).as("still at the provider: renewed").isEqualTo(1);

        cancels.request(slow.id());
        assertThat(limitedPoller.poll(claimDue(slow.id()))).isEqualTo(PollOutcome.CANCELED);
        assertThat(limits.inFlight(scope)).isZero();
        assertThat(meters.summary("mediajobs.poller.job.polls", "provider", "simulator").count()).isEqualTo(2);
        assertThat(meters.summary("mediajobs.poller.job.polls", "provider", "simulator").totalAmount())
                .as("the quick one took one poll, the canceled one one").isEqualTo(2);
    }

    @Test
    void aCancelTheLimiterRefusesIsSentOnceGrantedAndTheJobStaysInFlightUntilThen() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        cancels.request(job.id());
        limits(registry(simulator.baseUrl())).rateLimited(scope, Duration.ofMillis(700));

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.DEFERRED);

        assertThat(published.of(job.id())).isEmpty();
        assertThat(schedule.load(job.id()).orElseThrow().isActive()).isTrue();
        assertThat(meters.counter("mediajobs.poller.deferred", "provider", "simulator", "call", "other", "reason", "retry_after")
                .count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> limits(registry(simulator.baseUrl())).blockedForMillis(scope) == 0);

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.CANCELED);
        assertThat(adapter.poll(ProviderTask.fromJob(job), credentials()).failure().code()).isEqualTo(ErrorCodes.CANCELED);
        assertThat(meters.counter("mediajobs.provider.requests", "provider", "simulator", "key", "default", "call", "other",
                "outcome", "ok").count()).isEqualTo(1);
    }

    @Test
    void aTimeoutWhoseCancelIsDeferredStillEndsTimedOut() throws Exception {
        Job job = submit(Map.of("durationMs", 60_000));
        tracker.apply(job, clock.instant());
        clock.advance(Duration.ofSeconds(601));
        limits(registry(simulator.baseUrl())).rateLimited(scope, Duration.ofMillis(700));

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.DEFERRED);
        assertThat(published.of(job.id())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> limits(registry(simulator.baseUrl())).blockedForMillis(scope) == 0);

        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.TIMED_OUT);
        assertThat(published.of(job.id()).getLast().error().code()).isEqualTo(ErrorCodes.TIMED_OUT);
        assertThat(adapter.poll(ProviderTask.fromJob(job), credentials()).failure().code()).isEqualTo(ErrorCodes.CANCELED);
    }

    @Test
    void aCompletionFoundByAPollACallbackAskedForCountsAsByCallback() throws Exception {
        Job job = submit(Map.of("durationMs", 0));
        tracker.apply(job, clock.instant());

        assertThat(nudges.nudge(job.id())).isTrue();
        assertThat(schedule.dueAt(job.id()).orElseThrow()).as("due at once").isLessThanOrEqualTo(System.currentTimeMillis());
        assertThat(pollDue(job.id())).isEqualTo(PollOutcome.STORING);

        assertThat(meters.counter("mediajobs.poller.completions", "provider", "simulator", "via", "callback").count()).isEqualTo(1);
        assertThat(meters.find("mediajobs.poller.completions").tag("via", "poll").counter()).isNull();
        assertThat(nudges.isPending(job.id())).isFalse();
    }

    @Test
    void aCallbackForATaskBeingPolledLeavesItsLeaseAndIsTakenByThatPoll() throws Exception {
        Job job = submit(Map.of("durationMs", 0));
        tracker.apply(job, clock.instant());
        ClaimedTask claim = claimDue(job.id());

        assertThat(nudges.nudge(job.id())).isTrue();
        assertThat(schedule.dueAt(job.id())).as("a leased task is left alone").contains(claim.leaseUntilMillis());
        assertThat(poller.poll(claim)).isEqualTo(PollOutcome.STORING);

        assertThat(meters.counter("mediajobs.poller.completions", "provider", "simulator", "via", "callback").count()).isEqualTo(1);
        assertThat(nudges.isPending(job.id())).isFalse();
    }

    // ---- helpers

    /** Submits a task to the simulator the way the dispatcher does and returns the job's {@code submitted} snapshot. */
    private Job submit(Map<String, Object> simulate) throws Exception {
        String jobId = TestJobs.newId();
        Map<String, Object> options = Map.of("simulate", simulate);
        Job queued = TestJobs.queued(jobId, options, clock.instant());
        String taskId = adapter.submit(ProviderRequest.fromJob(queued), credentials()).taskId();
        return TestJobs.submitted(jobId, taskId, options, clock.instant());
    }

    /** Moves the clock to the task's due time, claims it like the poll loop does and polls it. */
    private PollOutcome pollDue(String jobId) {
        return poller.poll(claimDue(jobId));
    }

    private ClaimedTask claimDue(String jobId) {
        clock.advanceTo(schedule.dueAt(jobId).orElseThrow());
        List<ClaimedTask> claimed = schedule.claim(clock.millis(), 1, LEASE);
        assertThat(claimed).extracting(ClaimedTask::jobId).containsExactly(jobId);
        return claimed.getFirst();
    }

    private TaskPoller poller(ProviderRegistry registry) {
        return new TaskPoller(schedule, registry, cancels, nudges, new TaskLimits(limits(registry), new LimiterMetrics(meters)),
                published, InlineAssetStager.unsupported(), properties, new PollerMetrics(meters),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(7)), clock);
    }

    private TaskTracker tracker(ProviderRegistry registry) {
        return new TaskTracker(schedule, new ProviderTimings(registry), properties,
                new TaskLimits(limits(registry), new LimiterMetrics(meters)));
    }

    private ProviderLimits limits(ProviderRegistry registry) {
        return new ProviderLimits(redis, registry, new LimitsProperties(), new LimiterMetrics(meters));
    }

    private static ProviderRegistry registry(String baseUrl) {
        return registry(baseUrl, settings -> { });
    }

    private static ProviderRegistry registry(String baseUrl, Consumer<ProviderSettings> configure) {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(baseUrl);
        settings.setApiKey(API_KEY);
        settings.setPollInterval(POLL_INTERVAL);
        settings.setRequestTimeout(Duration.ofSeconds(5));
        settings.setConnectTimeout(Duration.ofSeconds(2));
        configure.accept(settings);
        ProvidersProperties properties = new ProvidersProperties();
        properties.getProviders().put("simulator", settings);
        return new ProviderRegistry(List.of(new SimulatorProviderAdapter(settings)), properties);
    }

    private static ProviderCredentials credentials() {
        return new ProviderCredentials("default", API_KEY);
    }

}
