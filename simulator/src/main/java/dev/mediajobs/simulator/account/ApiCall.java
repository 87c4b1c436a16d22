package dev.mediajobs.simulator.account;

import java.time.Instant;

/**
 * One API call as the simulator saw it.
 *
 * @param taskId        the task polled or canceled, or created by a submit / found by a lookup; null when none was
 * @param arrivalNanos  {@link System#nanoTime()} when the call arrived; compare only with other calls of this simulator
 * @param finishedNanos {@link System#nanoTime()} when the answer had been written
 * @param arrivedAt     the wall-clock time of arrival, for people reading the log
 * @param httpStatus    the status answered
 * @param refusal       why the call was answered 429, or null when it was not
 */
public record ApiCall(CallKind kind, String taskId, long arrivalNanos, long finishedNanos, Instant arrivedAt,
                      int httpStatus, Refusal refusal) {

    public long durationNanos() {
        return finishedNanos - arrivalNanos;
    }
}
