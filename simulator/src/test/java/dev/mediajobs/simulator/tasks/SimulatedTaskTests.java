package dev.mediajobs.simulator.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Operation;
import org.junit.jupiter.api.Test;

/** The status timeline, computed at chosen instants: no clock, no waiting. */
class SimulatedTaskTests {

    private static final long CREATED = 1_000_000;

    @Test
    void queuedForTheFirstTenthThenRunningWithProgressThenTheOutcome() {
        SimulatedTask task = task(1000, false, false);
        assertThat(task.viewAt(CREATED).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(task.viewAt(CREATED + 99).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(task.viewAt(CREATED + 99).etaMs()).isEqualTo(901);
        assertThat(task.viewAt(CREATED + 100).status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(task.viewAt(CREATED + 100).progress()).isZero();
        assertThat(task.viewAt(CREATED + 550).progress()).isEqualTo(50);
        assertThat(task.viewAt(CREATED + 999).progress()).isEqualTo(99);
        assertThat(task.viewAt(CREATED + 1000).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.viewAt(CREATED + 1000).progress()).isEqualTo(100);
        assertThat(task(1000, true, false).viewAt(CREATED + 5000).status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aZeroDurationTaskIsDoneAtOnce() {
        assertThat(task(0, false, false).viewAt(CREATED).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void cancelStopsTheClockUnlessTheTaskIsAlreadyDone() {
        SimulatedTask task = task(1000, false, false);
        assertThat(task.cancelAt(CREATED + 550)).isTrue();
        assertThat(task.viewAt(CREATED + 5000).status()).isEqualTo(TaskStatus.CANCELED);
        assertThat(task.viewAt(CREATED + 5000).progress()).isEqualTo(50);

        SimulatedTask done = task(1000, false, false);
        assertThat(done.cancelAt(CREATED + 1000)).isFalse();
        assertThat(done.viewAt(CREATED + 5000).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void failOnPollFailsAtTheFirstPoll() {
        SimulatedTask task = task(60_000, false, true);
        assertThat(task.viewAt(CREATED + 10).status()).as("not polled yet").isEqualTo(TaskStatus.QUEUED);
        task.polledAt(CREATED + 10);
        assertThat(task.viewAt(CREATED + 11).status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void eachTransitionIsObservedOnce() {
        SimulatedTask task = task(1000, false, false);
        assertThat(task.observe(TaskStatus.QUEUED)).isEmpty();
        assertThat(task.observe(TaskStatus.RUNNING)).contains(TaskStatus.QUEUED);
        assertThat(task.observe(TaskStatus.RUNNING)).isEmpty();
        assertThat(task.observe(TaskStatus.SUCCEEDED)).contains(TaskStatus.RUNNING);
    }

    static SimulatedTask task(long durationMs, boolean fails, boolean failOnPoll) {
        return task("task-" + durationMs, null, CREATED, durationMs, fails, failOnPoll);
    }

    static SimulatedTask task(String id, String clientTaskId, long createdAt, long durationMs, boolean fails, boolean failOnPoll) {
        return new SimulatedTask(id, clientTaskId, Operation.TEXT, null, "prompt", createdAt, durationMs, fails,
                failOnPoll, "simulated failure");
    }
}
