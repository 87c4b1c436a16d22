package dev.mediajobs.poller.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.limits.TaskLimits;
import dev.mediajobs.poller.poll.ProviderTimings;
import dev.mediajobs.poller.schedule.ClaimedTask;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.poller.testing.TestJobs;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.PollNudges;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * What a job snapshot does to the schedule and to the provider's concurrency slots, against a real Redis and the real
 * shared limiter (the simulator with a concurrency limit; no provider call is made).
 */
class TaskTrackerTests {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    private static final Duration LEASE = Duration.ofSeconds(60);

    private static UnifiedJedis redis;

    private final LimitScope scope = new LimitScope("simulator", "default");
    private final PollerProperties properties = new PollerProperties();
    private PollSchedule schedule;
    private ProviderSettings settings;
    private ProviderLimits limits;
    private TaskTracker tracker;
    private Instant now;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void close() {
        TestRedis.flushAll();
        redis.close();
    }

    @BeforeEach
    void setUp() {
        TestRedis.flushAll();
        settings = new ProviderSettings();
        settings.setBaseUrl("http://127.0.0.1:1");
        settings.setApiKey("unused");
        settings.setPollInterval(POLL_INTERVAL);
        settings.getLimits().setMaxConcurrentTasks(2);
        ProvidersProperties providers = new ProvidersProperties();
        providers.getProviders().put("simulator", settings);
        ProviderRegistry registry = new ProviderRegistry(List.of(new SimulatorProviderAdapter(settings)), providers);
        schedule = new PollSchedule(redis);
        limits = new ProviderLimits(redis, registry, new LimitsProperties(), new LimiterMetrics(new SimpleMeterRegistry()));
        tracker = new TaskTracker(schedule, new ProviderTimings(registry), properties,
                new TaskLimits(limits, new LimiterMetrics(new SimpleMeterRegistry())));
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void trackingATaskHoldsItsSlotAndAnEventThatItLeftTheProviderGivesItBack() {
        Job submitted = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now);

        assertThat(tracker.apply(submitted, now)).isEqualTo(TaskTracker.Change.TRACKED);
        assertThat(limits.inFlight(scope)).isEqualTo(1);

        Job running = submitted.transitionTo(JobState.RUNNING, now);
        assertThat(tracker.apply(running, now)).isEqualTo(TaskTracker.Change.TRACKED);
        assertThat(limits.inFlight(scope)).as("the same task: the same slot").isEqualTo(1);

        assertThat(tracker.apply(running.transitionTo(JobState.STORING, now), now)).isEqualTo(TaskTracker.Change.FINISHED);
        assertThat(limits.inFlight(scope)).isZero();
    }

    @Test
    void aLateInFlightEventOfAFinishedTaskTakesNoSlot() {
        Job submitted = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now);
        tracker.apply(submitted, now);
        tracker.apply(submitted.transitionTo(JobState.CANCELED, now), now);

        assertThat(tracker.apply(submitted, now)).isEqualTo(TaskTracker.Change.IGNORED);

        assertThat(limits.inFlight(scope)).isZero();
        assertThat(schedule.dueAt(submitted.id())).isEmpty();
    }

    @Test
    void theFirstPollIsOnePollIntervalAfterTheSubmitButNeverInThePast() {
        Job fresh = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now.minusMillis(500));
        Job readLate = TestJobs.submitted(TestJobs.newId(), "task-2", Map.of(), now.minus(Duration.ofHours(1)));

        tracker.apply(fresh, now);
        tracker.apply(readLate, now);

        assertThat(schedule.dueAt(fresh.id())).contains(fresh.submittedAt().plus(POLL_INTERVAL).toEpochMilli());
        assertThat(schedule.dueAt(readLate.id())).contains(now.toEpochMilli());
    }

    @Test
    void theFirstPollIsWhenTheProviderSaidTheTaskIsLikelyDone() {
        settings.setPollInterval(null); // the provider's documented interval: the adapter's estimate decides
        Job slowVideo = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now).toBuilder()
                .expectedDoneAt(now.plus(Duration.ofMinutes(3))).build();
        Job estimatePassed = TestJobs.submitted(TestJobs.newId(), "task-2", Map.of(), now.minus(Duration.ofHours(1)))
                .toBuilder().expectedDoneAt(now.minus(Duration.ofMinutes(50))).build();

        tracker.apply(slowVideo, now);
        tracker.apply(estimatePassed, now);

        assertThat(schedule.dueAt(slowVideo.id())).contains(now.plus(Duration.ofMinutes(3)).toEpochMilli());
        assertThat(schedule.dueAt(estimatePassed.id())).contains(now.toEpochMilli());
    }

    @Test
    void aConfiguredPollIntervalWinsOverTheProvidersEstimate() {
        Job estimated = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now).toBuilder()
                .expectedDoneAt(now.plus(Duration.ofMinutes(3))).build();

        tracker.apply(estimated, now);

        assertThat(schedule.dueAt(estimated.id())).contains(now.plus(POLL_INTERVAL).toEpochMilli());
    }

    @Test
    void aCallbackThatCameBeforeTheSubmittedEventMakesTheFirstPollDueAtOnce() {
        Job submitted = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now);
        new PollNudges(redis).nudge(submitted.id());

        tracker.apply(submitted, now);

        assertThat(schedule.dueAt(submitted.id())).contains(now.toEpochMilli());
    }

    @Test
    void theRebuildHoldsTheSlotOfEveryTaskInFlightEvenAboveTheLimitAndOnesAlreadyBack() {
        Job a = TestJobs.submitted(TestJobs.newId(), "task-a", Map.of(), now);
        Job b = TestJobs.submitted(TestJobs.newId(), "task-b", Map.of(), now);
        Job c = TestJobs.submitted(TestJobs.newId(), "task-c", Map.of(), now);
        // after the wipe a poller already put task c back before the rebuild came to it
        tracker.apply(c, now);
        limits.releaseSlot(scope, c.id()); // as if wiped with the rest
        assertThat(limits.inFlight(scope)).isZero();

        assertThat(tracker.rebuild(a, now)).isEqualTo(TaskTracker.Change.TRACKED);
        assertThat(tracker.rebuild(b, now)).isEqualTo(TaskTracker.Change.TRACKED);
        assertThat(tracker.rebuild(c, now)).isEqualTo(TaskTracker.Change.IGNORED);

        assertThat(limits.inFlight(scope)).as("three tasks at a provider that allows two: all counted").isEqualTo(3);
    }

    @Test
    void renewingTheSlotOfATaskScheduledFurtherOutNeverShortensIt() {
        Job submitted = TestJobs.submitted(TestJobs.newId(), "task-1", Map.of(), now);
        tracker.apply(submitted, now);
        ClaimedTask claim = schedule.claim(schedule.dueAt(submitted.id()).orElseThrow(), 1, LEASE).getFirst();
        schedule.save(schedule.load(submitted.id()).orElseThrow().answered(now), true, claim,
                now.plus(Duration.ofMinutes(30)).toEpochMilli()); // e.g. backing off a provider that keeps failing

        tracker.apply(submitted.transitionTo(JobState.RUNNING, now), now);

        // the slots of a scope are a sorted set of job ids by lease end (ConcurrencySlots)
        double slotEnd = redis.zscore("mj:slots:simulator:default", submitted.id());
        assertThat((long) slotEnd).isGreaterThan(now.plus(Duration.ofMinutes(30)).toEpochMilli());
    }
}
