package dev.mediajobs.simulator.tasks;

import dev.mediajobs.common.Operation;
import java.util.List;
import java.util.Optional;

/**
 * One task. Its status is not stored but derived from the time elapsed since creation (queued for the first tenth of
 * its duration, then running, then its outcome), so no background thread is needed; only a cancel, or a
 * {@code failOnPoll} failure, stops the clock early.
 */
public final class SimulatedTask {

    /** The part of the duration a task spends queued before it starts running. */
    private static final double QUEUED_SHARE = 0.1;

    private final String id;
    private final String clientTaskId;
    private final Operation operation;
    private final String model;
    private final String prompt;
    private final long createdAtMillis;
    private final long durationMs;
    private final boolean fails;
    private final boolean failOnPoll;
    private final String failureMessage;

    // guarded by this
    private TaskStatus stoppedAs;
    private long stoppedAtMillis;
    private TaskStatus lastObserved = TaskStatus.QUEUED; // the submit answer already said queued
    private List<OutputInfo> outputs;

    public SimulatedTask(String id, String clientTaskId, Operation operation, String model, String prompt,
                         long createdAtMillis, long durationMs, boolean fails, boolean failOnPoll, String failureMessage) {
        this.id = id;
        this.clientTaskId = clientTaskId;
        this.operation = operation;
        this.model = model;
        this.prompt = prompt;
        this.createdAtMillis = createdAtMillis;
        this.durationMs = durationMs;
        this.fails = fails || failOnPoll;
        this.failOnPoll = failOnPoll;
        this.failureMessage = failureMessage;
    }

    public String id() { return id; }
    public String clientTaskId() { return clientTaskId; }
    public Operation operation() { return operation; }
    public String model() { return model; }
    public String prompt() { return prompt; }
    public long createdAtMillis() { return createdAtMillis; }
    public long durationMs() { return durationMs; }
    public boolean fails() { return fails; }
    public String failureMessage() { return failureMessage; }

    public synchronized TaskView viewAt(long nowMillis) {
        if (stoppedAs != null) {
            return new TaskView(this, stoppedAs, progressAfter(stoppedAtMillis - createdAtMillis), 0);
        }
        long elapsed = Math.max(0, nowMillis - createdAtMillis);
        if (elapsed >= durationMs) {
            return new TaskView(this, fails ? TaskStatus.FAILED : TaskStatus.SUCCEEDED, 100, 0);
        }
        TaskStatus status = elapsed < queuedForMs() ? TaskStatus.QUEUED : TaskStatus.RUNNING;
        return new TaskView(this, status, progressAfter(elapsed), durationMs - elapsed);
    }

    /** A poll arrived: a {@code failOnPoll} task fails right now instead of at the end of its duration. */
    public synchronized void polledAt(long nowMillis) {
        if (failOnPoll && !viewAt(nowMillis).status().isTerminal()) {
            stop(TaskStatus.FAILED, nowMillis);
        }
    }

    /** Cancels the task unless it has already reached its outcome; true when it was canceled now. */
    public synchronized boolean cancelAt(long nowMillis) {
        if (viewAt(nowMillis).status().isTerminal()) {
            return false;
        }
        stop(TaskStatus.CANCELED, nowMillis);
        return true;
    }

    /** Remembers the status a client has now seen; returns the one seen before when it differs (for logging). */
    public synchronized Optional<TaskStatus> observe(TaskStatus status) {
        if (status == lastObserved) {
            return Optional.empty();
        }
        TaskStatus before = lastObserved;
        lastObserved = status;
        return Optional.of(before);
    }

    /** Null until the outputs of a succeeded task have been generated. */
    public synchronized List<OutputInfo> outputs() {
        return outputs;
    }

    synchronized void setOutputs(List<OutputInfo> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    private void stop(TaskStatus status, long nowMillis) {
        stoppedAs = status;
        stoppedAtMillis = nowMillis;
    }

    private long queuedForMs() {
        return (long) (durationMs * QUEUED_SHARE);
    }

    private int progressAfter(long elapsed) {
        if (elapsed >= durationMs) {
            return 100;
        }
        long queuedFor = queuedForMs();
        if (elapsed < queuedFor) {
            return 0;
        }
        return (int) Math.min(99, (elapsed - queuedFor) * 100 / Math.max(1, durationMs - queuedFor));
    }
}
