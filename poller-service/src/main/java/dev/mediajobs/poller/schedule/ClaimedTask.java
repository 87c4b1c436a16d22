package dev.mediajobs.poller.schedule;

/**
 * A task this instance claimed from the due set.
 *
 * @param dueAtMillis       when the task was due (for the lateness metric)
 * @param leaseUntilMillis  the score the claim wrote; while the due entry still has it, the task is ours (a fencing
 *                          token: a later claim by another instance always writes a later score)
 */
public record ClaimedTask(String jobId, long dueAtMillis, long leaseUntilMillis) {
}
