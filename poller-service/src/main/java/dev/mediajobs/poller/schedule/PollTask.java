package dev.mediajobs.poller.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import java.time.Instant;

/**
 * The poller's record of one provider task, stored as JSON under {@code RedisKeys.pollTask(jobId)}: the latest job
 * snapshot it knows plus poll bookkeeping. Once the task is finished (handed to storage or ended) the record shrinks to
 * a tombstone ({@code finished}, {@code version}, {@code state}) kept for a while, so that late events of the job never
 * schedule it again.
 *
 * @param version               the snapshot's version, at the top level so that the Lua scripts can compare it
 * @param consecutiveErrors     failed polls in a row (transient provider errors and unexpected failures)
 * @param consecutiveRateLimits rate-limited polls in a row (they grow the backoff but never fail the job)
 * @param trackedAt             when the poller first saw the task (the timeout's start when the job has no
 *                              {@code submittedAt})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PollTask(
        long version,
        boolean finished,
        JobState state,
        Job job,
        int pollCount,
        int consecutiveErrors,
        int consecutiveRateLimits,
        Instant trackedAt,
        Instant lastPolledAt) {

    public static PollTask of(Job job, Instant now) {
        return new PollTask(job.version(), false, job.state(), job, 0, 0, 0, now, null);
    }

    public static PollTask tombstone(Job job) {
        return new PollTask(job.version(), true, job.state(), null, 0, 0, 0, null, null);
    }

    @JsonIgnore
    public String jobId() {
        return job.id();
    }

    /** Is this a task to poll (not a tombstone, and its job is at the provider)? */
    @JsonIgnore
    public boolean isActive() {
        return !finished && job != null && job.state().isInFlightAtProvider();
    }

    /** The same bookkeeping with a newer (or locally updated) snapshot. */
    public PollTask withJob(Job newer) {
        return new PollTask(newer.version(), false, newer.state(), newer, pollCount, consecutiveErrors,
                consecutiveRateLimits, trackedAt, lastPolledAt);
    }

    /** A poll that got an answer: error counters reset. */
    public PollTask answered(Instant now) {
        return new PollTask(version, finished, state, job, pollCount + 1, 0, 0, trackedAt, now);
    }

    public PollTask failedPoll(Instant now) {
        return new PollTask(version, finished, state, job, pollCount + 1, consecutiveErrors + 1, consecutiveRateLimits,
                trackedAt, now);
    }

    public PollTask rateLimited(Instant now) {
        return new PollTask(version, finished, state, job, pollCount + 1, consecutiveErrors, consecutiveRateLimits + 1,
                trackedAt, now);
    }
}
