package dev.mediajobs.simulator.account;

import dev.mediajobs.simulator.tasks.SimulatedTask;
import dev.mediajobs.simulator.tasks.TaskStore;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The account's unfinished tasks: a task counts from its creation until it reaches its outcome at the simulator
 * (whether or not anyone has polled it since), or until it is canceled or fails early. With a limit, a submit that
 * would create one task too many is refused.
 */
final class ActiveTasks {

    /** A submit's fate: the task created or found, or how long until a task finishes and makes room. */
    record Admission(TaskStore.Submitted submitted, long waitMillis) {
        boolean admitted() {
            return submitted != null;
        }
    }

    private final int limit;
    // guarded by this; a task stopped early leaves the set at once and the queue when its scheduled end comes
    private final Set<SimulatedTask> active = new HashSet<>();
    private final PriorityQueue<SimulatedTask> byScheduledEnd = new PriorityQueue<>(Comparator.comparingLong(ActiveTasks::scheduledEnd));
    private int maxActive;

    /** @param limit unfinished tasks at most; 0 = unlimited (tasks are still counted) */
    ActiveTasks(int limit) {
        this.limit = limit;
    }

    /**
     * Runs {@code create} (which adds the task to the store, or finds the one with the same client task id) unless the
     * limit is reached. Under this object's lock, so that two submits cannot both take the last place.
     */
    synchronized Admission admit(long nowMillis, Supplier<TaskStore.Submitted> create) {
        dropFinished(nowMillis);
        if (limit > 0 && active.size() >= limit) {
            return new Admission(null, Math.max(1, scheduledEnd(byScheduledEnd.peek()) - nowMillis));
        }
        TaskStore.Submitted submitted = create.get();
        SimulatedTask task = submitted.task();
        if (submitted.created() && !task.viewAt(nowMillis).status().isTerminal()) {
            active.add(task);
            byScheduledEnd.add(task);
            maxActive = Math.max(maxActive, active.size());
        }
        return new Admission(submitted, 0);
    }

    /** A poll or cancel found the task finished, possibly before its scheduled end (canceled, failed at a poll). */
    synchronized void finished(SimulatedTask task) {
        active.remove(task);
    }

    synchronized int count(long nowMillis) {
        dropFinished(nowMillis);
        return active.size();
    }

    synchronized int maxActive() {
        return maxActive;
    }

    private void dropFinished(long nowMillis) {
        SimulatedTask head;
        while ((head = byScheduledEnd.peek()) != null && (scheduledEnd(head) <= nowMillis || !active.contains(head))) {
            byScheduledEnd.poll();
            active.remove(head);
        }
    }

    private static long scheduledEnd(SimulatedTask task) {
        return task.createdAtMillis() + task.durationMs();
    }
}
