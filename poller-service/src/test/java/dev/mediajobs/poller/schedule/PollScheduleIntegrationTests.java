package dev.mediajobs.poller.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.poller.testing.TestJobs;
import dev.mediajobs.support.redis.PollNudges;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis poll schedule against a real redis-server: claims, leases and their notes, fencing, upserts, removal,
 * callbacks' nudges and the in-flight counts.
 */
class PollScheduleIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(60);

    private UnifiedJedis redisA;
    private UnifiedJedis redisB;
    private PollSchedule instanceA;
    private PollSchedule instanceB;
    private PollNudges nudges;
    private final Instant start = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeEach
    void connect() {
        redisA = RedisClient.create(URI.create(TestRedis.url()));
        redisB = RedisClient.create(URI.create(TestRedis.url()));
        TestRedis.flushAll();
        instanceA = new PollSchedule(redisA);
        instanceB = new PollSchedule(redisB);
        nudges = new PollNudges(redisB);
    }

    @AfterEach
    void close() {
        TestRedis.flushAll();
        redisA.close();
        redisB.close();
    }

    @Test
    void twoInstancesClaimingConcurrentlyNeverGetTheSameTaskWhileItsLeaseHolds() throws Exception {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Job job = submitted();
            instanceA.track(PollTask.of(job, start), start.toEpochMilli() - i);
            all.add(job.id());
        }
        long now = start.toEpochMilli();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> a = threads.submit(claimAll(instanceA, now, go));
            Future<List<String>> b = threads.submit(claimAll(instanceB, now, go));
            go.countDown();
            List<String> byA = a.get();
            List<String> byB = b.get();

            assertThat(byA).doesNotHaveDuplicates();
            assertThat(byB).doesNotHaveDuplicates();
            assertThat(byA).doesNotContainAnyElementsOf(byB);
            List<String> both = new ArrayList<>(byA);
            both.addAll(byB);
            assertThat(both).containsExactlyInAnyOrderElementsOf(all);
        } finally {
            threads.shutdownNow();
        }
        // the leases hold until now + lease: nobody gets any of them again before that
        assertThat(instanceA.claim(now + LEASE.toMillis() - 1, 1000, LEASE)).isEmpty();
        assertThat(instanceB.claim(now + LEASE.toMillis() - 1, 1000, LEASE)).isEmpty();
    }

    private static Callable<List<String>> claimAll(PollSchedule schedule, long now, CountDownLatch go) {
        return () -> {
            go.await();
            List<String> claimed = new ArrayList<>();
            List<ClaimedTask> batch;
            do {
                batch = schedule.claim(now, 7, LEASE);
                batch.forEach(c -> claimed.add(c.jobId()));
            } while (!batch.isEmpty());
            return claimed;
        };
    }

    @Test
    void claimsTheMostOverdueFirstAndReportsWhenTheyWereDue() {
        Job later = submitted();
        Job earlier = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(later, start), t - 100);
        instanceA.track(PollTask.of(earlier, start), t - 5_000);
        instanceA.track(PollTask.of(submitted(), start), t + 1); // not due yet

        List<ClaimedTask> claimed = instanceA.claim(t, 10, LEASE);

        assertThat(claimed).extracting(ClaimedTask::jobId).containsExactly(earlier.id(), later.id());
        assertThat(claimed).extracting(ClaimedTask::dueAtMillis).containsExactly(t - 5_000, t - 100);
        assertThat(claimed).extracting(ClaimedTask::leaseUntilMillis).containsOnly(t + LEASE.toMillis());
    }

    @Test
    void aTaskWhoseInstanceDiedIsClaimedAgainWhenItsLeaseExpires() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);

        ClaimedTask first = instanceA.claim(t, 10, LEASE).getFirst();
        // instance A dies without rescheduling
        assertThat(instanceB.claim(first.leaseUntilMillis() - 1, 10, LEASE)).isEmpty();
        List<ClaimedTask> again = instanceB.claim(first.leaseUntilMillis(), 10, LEASE);

        assertThat(again).extracting(ClaimedTask::jobId).containsExactly(job.id());
        assertThat(again.getFirst().dueAtMillis()).isEqualTo(first.leaseUntilMillis());
        assertThat(again.getFirst().leaseUntilMillis()).isGreaterThan(first.leaseUntilMillis());
        // A's lease is over: it no longer holds the task, B does
        assertThat(instanceA.holdsLease(first)).isFalse();
        assertThat(instanceB.holdsLease(again.getFirst())).isTrue();
    }

    @Test
    void aSaveAfterTheLeaseWasLostKeepsTheNewOwnersSchedule() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);
        ClaimedTask byA = instanceA.claim(t, 1, LEASE).getFirst();
        ClaimedTask byB = instanceB.claim(byA.leaseUntilMillis(), 1, LEASE).getFirst();

        PollTask polled = instanceA.load(job.id()).orElseThrow().answered(start);
        PollSchedule.SaveResult result = instanceA.save(polled, true, byA, t + 1_000);

        assertThat(result).isEqualTo(PollSchedule.SaveResult.SAVED_LEASE_LOST);
        assertThat(instanceA.dueAt(job.id())).contains(byB.leaseUntilMillis());
        assertThat(instanceA.load(job.id()).orElseThrow().pollCount()).isEqualTo(1);
    }

    @Test
    void aSaveSetsTheNextDueTimeAndNeverReplacesANewerSnapshot() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);
        ClaimedTask claim = instanceA.claim(t, 1, LEASE).getFirst();
        // meanwhile the events listener stored a newer snapshot
        Job newer = job.updated(b -> b.cancelRequested(true), start);
        assertThat(instanceB.track(PollTask.of(job, start).withJob(newer), t)).isTrue();

        PollSchedule.SaveResult result = instanceA.save(PollTask.of(job, start).answered(start), true, claim, t + 2_000);

        assertThat(result).isEqualTo(PollSchedule.SaveResult.NEWER_KEPT);
        assertThat(instanceA.load(job.id()).orElseThrow().job().cancelRequested()).isTrue();
        assertThat(instanceA.dueAt(job.id())).contains(t + 2_000);
    }

    @Test
    void trackingIsAnUpsertOfNewerSnapshotsThatKeepsTheDueTime() {
        Job submitted = submitted();
        long t = start.toEpochMilli();
        assertThat(instanceA.track(PollTask.of(submitted, start), t + 1_000)).isTrue();
        assertThat(instanceB.track(PollTask.of(submitted, start), t + 9_000)).as("the same version again").isFalse();

        Job running = submitted.transitionTo(JobState.RUNNING, start.plusSeconds(1));
        assertThat(instanceB.track(PollTask.of(running, start), t + 9_000)).isTrue();
        assertThat(instanceA.track(PollTask.of(submitted, start), t)).as("an older version").isFalse();

        assertThat(instanceA.load(submitted.id()).orElseThrow().job().state()).isEqualTo(JobState.RUNNING);
        assertThat(instanceA.dueAt(submitted.id())).as("ZADD NX: the first due time stays").contains(t + 1_000);
    }

    @Test
    void finishingRemovesTheTaskAndLateEventsNeverScheduleItAgain() {
        Job submitted = submitted();
        Job running = submitted.transitionTo(JobState.RUNNING, start.plusSeconds(1));
        Job storing = running.transitionTo(JobState.STORING, start.plusSeconds(2));
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(submitted, start), t);

        assertThat(instanceA.finish(storing, Duration.ofMinutes(5))).isTrue();

        assertThat(instanceA.dueAt(submitted.id())).isEmpty();
        assertThat(instanceA.load(submitted.id())).hasValueSatisfying(task -> {
            assertThat(task.finished()).isTrue();
            assertThat(task.isActive()).isFalse();
        });
        assertThat(redisA.pttl(RedisKeys.pollTask(submitted.id()))).isBetween(1L, Duration.ofMinutes(5).toMillis());
        // the poller's own `running`, read back from the events topic after the hand-over
        assertThat(instanceB.track(PollTask.of(running, start), t)).isFalse();
        assertThat(instanceB.dueAt(submitted.id())).isEmpty();
        assertThat(instanceA.claim(t + 1, 10, LEASE)).isEmpty();
        // the same finish again changes nothing
        assertThat(instanceB.finish(storing, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void finishingWithoutRetentionDeletesTheRecord() {
        Job submitted = submitted();
        instanceA.track(PollTask.of(submitted, start), start.toEpochMilli());

        instanceA.finish(submitted.transitionTo(JobState.FAILED, start), Duration.ZERO);

        assertThat(instanceA.load(submitted.id())).isEmpty();
        assertThat(instanceA.dueAt(submitted.id())).isEmpty();
    }

    @Test
    void aDueEntryWithoutTaskIsDroppedButAnActiveTaskIsRescheduled() {
        String orphan = TestJobs.newId();
        redisA.zadd(RedisKeys.POLL_DUE, start.toEpochMilli(), orphan);
        Job job = submitted();
        instanceA.track(PollTask.of(job, start), start.toEpochMilli());

        assertThat(instanceA.dropIfInactive(orphan, start.toEpochMilli())).isTrue();
        assertThat(instanceA.dropIfInactive(job.id(), start.toEpochMilli() + 5)).isFalse();

        assertThat(instanceA.dueAt(orphan)).isEmpty();
        assertThat(instanceA.dueAt(job.id())).contains(start.toEpochMilli() + 5);
    }

    @Test
    void aSaveAfterRedisWasWipedPutsTheTaskBack() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);
        ClaimedTask claim = instanceA.claim(t, 1, LEASE).getFirst();
        redisA.del(RedisKeys.POLL_DUE, RedisKeys.pollTask(job.id()));

        assertThat(instanceA.save(PollTask.of(job, start).answered(start), true, claim, t + 500))
                .isEqualTo(PollSchedule.SaveResult.SAVED);

        assertThat(instanceA.dueAt(job.id())).contains(t + 500);
        assertThat(instanceA.load(job.id())).isPresent();
    }

    @Test
    void oneInstanceRebuildsAtATimeAndAWipeDuringTheRebuildIsNoticed() {
        assertThat(instanceA.isRebuilt()).isFalse();

        assertThat(instanceA.beginRebuild("a", Duration.ofMinutes(1))).isTrue();
        assertThat(instanceB.beginRebuild("b", Duration.ofMinutes(1))).isFalse();
        assertThat(instanceB.isRebuilt()).as("others skip while one rebuilds").isTrue();
        assertThat(instanceB.completeRebuild("b", "ready b")).isFalse();
        assertThat(instanceA.completeRebuild("a", "ready a")).isTrue();
        assertThat(redisA.pttl(RedisKeys.POLL_READY)).as("ready never expires").isEqualTo(-1L);

        redisA.del(RedisKeys.POLL_READY);
        assertThat(instanceA.beginRebuild("a2", Duration.ofMinutes(1))).isTrue();
        redisA.del(RedisKeys.POLL_READY); // wiped again mid-rebuild
        assertThat(instanceA.completeRebuild("a2", "ready a")).isFalse();
        assertThat(instanceA.isRebuilt()).isFalse();

        assertThat(instanceB.beginRebuild("b2", Duration.ofMinutes(1))).isTrue();
        instanceB.abandonRebuild("b2");
        assertThat(instanceA.isRebuilt()).isFalse();
    }

    @Test
    void aClaimIsNotedUntilTheSaveThatEndsIt() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);

        ClaimedTask claim = instanceA.claim(t, 1, LEASE).getFirst();
        assertThat(instanceA.leaseNote(job.id())).contains(claim.leaseUntilMillis());

        instanceA.save(instanceA.load(job.id()).orElseThrow().answered(start), true, claim, t + 1_000);
        assertThat(instanceA.leaseNote(job.id())).isEmpty();
    }

    @Test
    void aSaveAfterTheLeaseWasLostLeavesTheNewOwnersNote() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);
        ClaimedTask byA = instanceA.claim(t, 1, LEASE).getFirst();
        ClaimedTask byB = instanceB.claim(byA.leaseUntilMillis(), 1, LEASE).getFirst();

        instanceA.save(instanceA.load(job.id()).orElseThrow().answered(start), true, byA, t + 1_000);

        assertThat(instanceA.leaseNote(job.id())).contains(byB.leaseUntilMillis());
    }

    @Test
    void finishingAndDroppingClearTheNoteAndFinishingTheCallbacksFlag() {
        Job finished = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(finished, start), t);
        instanceA.claim(t, 1, LEASE);
        nudges.nudge(finished.id());
        instanceA.finish(finished.transitionTo(JobState.FAILED, start), Duration.ofMinutes(1));
        assertThat(instanceA.leaseNote(finished.id())).isEmpty();
        assertThat(nudges.isPending(finished.id())).isFalse();

        String orphan = TestJobs.newId();
        redisA.zadd(RedisKeys.POLL_DUE, t, orphan);
        instanceA.claim(t, 1, LEASE);
        assertThat(instanceA.leaseNote(orphan)).isPresent();
        instanceA.dropIfInactive(orphan, t);
        assertThat(instanceA.leaseNote(orphan)).isEmpty();
    }

    @Test
    void aNudgeOfATaskThatWaitsMakesItDueNow() {
        Job job = submitted();
        long later = System.currentTimeMillis() + 3_600_000;
        instanceA.track(PollTask.of(job, start), later);

        assertThat(nudges.nudge(job.id())).isTrue();

        long now = System.currentTimeMillis();
        assertThat(instanceA.dueAt(job.id()).orElseThrow()).isLessThanOrEqualTo(now);
        assertThat(instanceA.claim(now, 10, LEASE)).extracting(ClaimedTask::jobId).containsExactly(job.id());
    }

    @Test
    void aNudgeDuringALeaseLeavesTheLeaseAndTheSaveAfterThePollSchedulesTheNextPollAtOnce() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);
        ClaimedTask claim = instanceA.claim(t, 1, LEASE).getFirst();

        assertThat(nudges.nudge(job.id())).isTrue();
        assertThat(instanceA.dueAt(job.id())).as("the lease holds").contains(claim.leaseUntilMillis());
        assertThat(instanceB.claim(claim.leaseUntilMillis() - 1, 10, LEASE)).isEmpty();

        PollSchedule.SaveResult saved = instanceA.saveAfterPoll(instanceA.load(job.id()).orElseThrow().answered(start),
                true, claim, t + 5_000, t + 10);

        assertThat(saved).isEqualTo(PollSchedule.SaveResult.SAVED);
        assertThat(instanceA.dueAt(job.id())).as("now, not the poll interval later").contains(t + 10);
        assertThat(nudges.isPending(job.id())).as("left for the next poll to take").isTrue();
        assertThat(instanceA.leaseNote(job.id())).isEmpty();
    }

    @Test
    void aSaveThatIsNotAfterAnAnsweredPollKeepsItsDueTimeDespiteTheFlag() {
        Job job = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(job, start), t);
        ClaimedTask claim = instanceA.claim(t, 1, LEASE).getFirst();
        nudges.nudge(job.id());

        instanceA.save(instanceA.load(job.id()).orElseThrow(), true, claim, t + 5_000); // e.g. the limiter deferred it

        assertThat(instanceA.dueAt(job.id())).contains(t + 5_000);
        assertThat(nudges.isPending(job.id())).isTrue();
    }

    @Test
    void aCallbackBeforeTheTaskIsTrackedMakesItDueAtOnceWhenItIs() {
        Job job = submitted();
        long t = start.toEpochMilli();

        assertThat(nudges.nudge(job.id())).as("not scheduled yet").isFalse();
        instanceA.track(PollTask.of(job, start), t + 5_000, t);

        assertThat(instanceA.dueAt(job.id())).contains(t);
    }

    @Test
    void inFlightTasksAreCountedPerProviderByTheScriptsThatCreateAndRetireThem() {
        Job first = submitted();
        Job second = submitted();
        long t = start.toEpochMilli();
        instanceA.track(PollTask.of(first, start), t);
        instanceA.track(PollTask.of(second, start), t);
        instanceB.track(PollTask.of(first.transitionTo(JobState.RUNNING, start), start), t); // a newer snapshot: same task
        assertThat(instanceA.inFlight("simulator")).isEqualTo(2);
        assertThat(instanceA.inFlight("runway")).isZero();

        Job done = first.transitionTo(JobState.RUNNING, start).transitionTo(JobState.STORING, start);
        instanceA.finish(done, Duration.ofMinutes(1));
        instanceB.finish(done, Duration.ofMinutes(1)); // again: a tombstone is not counted twice
        assertThat(instanceA.inFlight("simulator")).isEqualTo(1);

        // Redis wiped mid-poll: the save puts the task back, and counts it again
        ClaimedTask claim = instanceA.claim(t, 10, LEASE).getFirst();
        TestRedis.flushAll();
        instanceA.save(PollTask.of(second, start).answered(start), true, claim, t + 500);
        assertThat(instanceA.inFlight("simulator")).isEqualTo(1);
    }

    private Job submitted() {
        return TestJobs.submitted(TestJobs.newId(), "task-" + TestJobs.newId(), Map.of(), start);
    }
}
