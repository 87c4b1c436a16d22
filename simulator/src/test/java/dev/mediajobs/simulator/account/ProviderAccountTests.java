package dev.mediajobs.simulator.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.common.Operation;
import dev.mediajobs.simulator.tasks.SimulatedTask;
import dev.mediajobs.simulator.tasks.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProviderAccountTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    };
    private final TaskStore store = new TaskStore(1000, Duration.ofHours(1), t -> { });

    @Test
    void admitsTheLimitWithinAnySixtySecondsAndRefusesTheNextUntilTheOldestLeavesTheWindow() {
        ProviderAccount account = new ProviderAccount(3, 0, 100, clock, nanos::get);
        call(account, CallKind.SUBMIT);          // t = 0
        advanceSeconds(10);
        call(account, CallKind.STATUS);          // t = 10
        call(account, CallKind.STATUS);          // t = 10

        advanceSeconds(40);                      // t = 50: three within the last minute
        ProviderAccount.Call refused = account.arrive(CallKind.STATUS, "t1");
        assertThatThrownBy(refused::admit).isInstanceOfSatisfying(LimitExceeded.class, e -> {
            assertThat(e.refusal()).isEqualTo(Refusal.RATE_LIMIT);
            assertThat(e.retryAfterSeconds()).as("the call of t = 0 leaves the window at t = 60").isEqualTo(10);
        });
        refused.finish(429);

        advanceSeconds(10);                      // t = 60: the first call is exactly a minute old
        call(account, CallKind.STATUS);

        AccountStats stats = account.stats();
        assertThat(stats.maxCallsInAnyWindow()).isEqualTo(3);
        assertThat(stats.refused()).containsEntry("rate_limit", 1L);
        assertThat(stats.limitViolations()).isEqualTo(1);
        assertThat(stats.calls()).containsEntry("submit", 1L).containsEntry("status", 4L);
        assertThat(account.calls()).extracting(ApiCall::httpStatus).containsExactly(200, 200, 200, 429, 200);
    }

    @Test
    void withoutLimitsEverythingIsAdmittedAndStillCounted() {
        ProviderAccount account = new ProviderAccount(0, 0, 100, clock, nanos::get);
        for (int i = 0; i < 50; i++) {
            call(account, CallKind.STATUS);
        }
        assertThat(account.stats().maxCallsInAnyWindow()).isEqualTo(50);
        assertThat(account.stats().limitViolations()).isZero();
    }

    @Test
    void aTaskCountsAgainstTheConcurrencyLimitUntilItsOutcomeOrItsCancel() {
        ProviderAccount account = new ProviderAccount(0, 2, 100, clock, nanos::get);
        submit(account, 5_000);
        submit(account, 10_000);

        ProviderAccount.Call third = account.arrive(CallKind.SUBMIT, null);
        third.admit();
        assertThatThrownBy(() -> third.admitTask(millis.get(), () -> store.add(task(1_000), millis.get())))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                    assertThat(e.refusal()).isEqualTo(Refusal.CONCURRENCY_LIMIT);
                    assertThat(e.retryAfterSeconds()).as("the first task ends in 5 s").isEqualTo(5);
                });
        third.finish(429);
        assertThat(store.size()).as("a refused submit creates no task").isEqualTo(2);

        advanceSeconds(5); // the first task has reached its outcome, polled or not
        submit(account, 60_000);
        assertThat(account.stats().activeTasks()).isEqualTo(2);

        SimulatedTask canceled = submitRefusedUntilCanceled(account);
        assertThat(canceled).isNotNull();
        assertThat(account.stats().maxConcurrentTasks()).isEqualTo(2);
        assertThat(account.stats().refused()).containsEntry("concurrency_limit", 2L);
    }

    @Test
    void aStatusCallArrivingWhileAnotherOfTheSameTaskIsAnsweredIsAnOverlap() {
        ProviderAccount account = new ProviderAccount(0, 0, 100, clock, nanos::get);
        ProviderAccount.Call a = account.arrive(CallKind.STATUS, "task-a");
        ProviderAccount.Call otherTask = account.arrive(CallKind.STATUS, "task-b");
        a.finish(200);
        ProviderAccount.Call again = account.arrive(CallKind.STATUS, "task-a");
        assertThat(account.stats().overlappingStatusCalls()).as("one after the other is fine").isZero();

        ProviderAccount.Call overlapping = account.arrive(CallKind.STATUS, "task-a");
        again.finish(200);
        overlapping.finish(200);
        otherTask.finish(200);

        assertThat(account.stats().overlappingStatusCalls()).isEqualTo(1);
        assertThat(account.stats().overlappedTaskIds()).containsExactly("task-a");
    }

    @Test
    void theLogListsCallsInOrderOfArrivalAndDropsTheEarliestAnsweredWhenFull() {
        ProviderAccount account = new ProviderAccount(0, 0, 3, clock, nanos::get);
        ProviderAccount.Call slow = account.arrive(CallKind.STATUS, "slow");
        nanos.addAndGet(1);
        call(account, CallKind.LOOKUP);
        nanos.addAndGet(1);
        call(account, CallKind.CANCEL);
        slow.finish(200); // answered last, arrived first
        assertThat(account.calls()).extracting(ApiCall::kind).containsExactly(CallKind.STATUS, CallKind.LOOKUP, CallKind.CANCEL);

        nanos.addAndGet(1);
        call(account, CallKind.SUBMIT);
        assertThat(account.calls()).extracting(ApiCall::kind).containsExactly(CallKind.STATUS, CallKind.CANCEL, CallKind.SUBMIT);
        assertThat(account.stats().callsDroppedFromLog()).isEqualTo(1);
        assertThat(account.stats().totalCalls()).isEqualTo(4);
    }

    private SimulatedTask submitRefusedUntilCanceled(ProviderAccount account) {
        SimulatedTask running = store.find(account.calls().getLast().taskId()).orElseThrow();
        ProviderAccount.Call refused = account.arrive(CallKind.SUBMIT, null);
        assertThatThrownBy(() -> refused.admitTask(millis.get(), () -> store.add(task(1_000), millis.get())))
                .isInstanceOf(LimitExceeded.class);
        refused.finish(429);
        running.cancelAt(millis.get());
        account.saw(running.viewAt(millis.get()));
        return submit(account, 1_000);
    }

    private SimulatedTask submit(ProviderAccount account, long durationMs) {
        ProviderAccount.Call call = account.arrive(CallKind.SUBMIT, null);
        call.admit();
        SimulatedTask task = call.admitTask(millis.get(), () -> store.add(task(durationMs), millis.get())).task();
        call.finish(202);
        return task;
    }

    private static void call(ProviderAccount account, CallKind kind) {
        ProviderAccount.Call call = account.arrive(kind, "t1");
        call.admit();
        call.finish(200);
    }

    private SimulatedTask task(long durationMs) {
        return new SimulatedTask(UUID.randomUUID().toString(), null, Operation.TEXT, null, "p", millis.get(), durationMs,
                false, false, "failure");
    }

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        millis.addAndGet(TimeUnit.SECONDS.toMillis(seconds));
    }
}
