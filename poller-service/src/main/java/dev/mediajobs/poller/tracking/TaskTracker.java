package dev.mediajobs.poller.tracking;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.limits.TaskLimits;
import dev.mediajobs.poller.poll.ProviderTimings;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.poller.schedule.PollTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a job snapshot (from the events topic, or from the state topic during a rebuild) to the poll schedule:
 * a job at the provider ({@code submitted}, {@code running}) is tracked, a job past it ({@code storing} or terminal)
 * is retired, so a job finished elsewhere is never polled again. {@code queued} jobs are none of the poller's business.
 *
 * <p>A tracked task holds its concurrency slot at the provider (until its first poll plus the grace; every poll renews
 * it), and a retired one gives it back. That matters most after Redis was wiped: the slots went with it, and only
 * the rebuild counts the tasks still at the provider again, before submits resume.
 */
public class TaskTracker {

    private static final Logger log = LoggerFactory.getLogger(TaskTracker.class);

    /** What applying a snapshot did. */
    public enum Change { TRACKED, FINISHED, IGNORED }

    private final PollSchedule schedule;
    private final ProviderTimings timings;
    private final PollerProperties properties;
    private final TaskLimits limits;

    public TaskTracker(PollSchedule schedule, ProviderTimings timings, PollerProperties properties, TaskLimits limits) {
        this.schedule = schedule;
        this.timings = timings;
        this.properties = properties;
        this.limits = limits;
    }

    /**
     * A snapshot from the events topic. A new task is first polled when it is likely to have made progress: one poll
     * interval after it was submitted (the provider's configured or documented interval, which is also what the
     * adapters report as the first-poll delay of a submit), but never before now, so a snapshot read late (the
     * poller was down) is polled at once. A synchronous provider's outputs are handed over at once.
     */
    public Change apply(Job job, Instant now) {
        if (job.state() == JobState.QUEUED) {
            return Change.IGNORED;
        }
        if (job.state().isInFlightAtProvider()) {
            return track(job, now, firstPollAt(job, now));
        }
        return finish(job, properties.getFinishedTaskRetention());
    }

    /** A snapshot from the state topic after Redis lost the schedule: due at once, and its slot held again. */
    public Change rebuild(Job job, Instant now) {
        if (job.state().isInFlightAtProvider()) {
            return track(job, now, now);
        }
        if (job.state() == JobState.QUEUED) {
            return Change.IGNORED;
        }
        // a tombstone only as long as one written at the time would still live; older ones are just cleared
        Instant finishedAt = job.updatedAt() != null ? job.updatedAt() : now;
        Duration remaining = properties.getFinishedTaskRetention().minus(Duration.between(finishedAt, now));
        return finish(job, remaining.isNegative() ? Duration.ZERO : remaining);
    }

    Instant firstPollAt(Job job, Instant now) {
        if (!job.providerAssets().isEmpty()) {
            return now;
        }
        // when the provider's typical duration says it is likely done (the adapter's estimate at submit), else one
        // poll interval after the submit; an interval the operator configured wins over the estimate; never in the past
        Instant submittedAt = job.submittedAt() != null ? job.submittedAt() : now;
        Instant likely = job.expectedDoneAt() != null && !timings.pollIntervalOverridden(job.provider())
                ? job.expectedDoneAt()
                : submittedAt.plus(timings.pollInterval(job.provider()));
        return likely.isAfter(now) ? likely : now;
    }

    /**
     * Tracks the task and holds its slot until its next poll (plus the grace). The slot is taken before the record is
     * looked at and given back if the record turns out finished: taking it after could re-take the slot of a task the
     * poller finished (and released) in between, which would then block a submit until its lease ran out.
     */
    private Change track(Job job, Instant now, Instant dueAt) {
        // a task already scheduled (or leased) further out keeps its slot until then: never shorten a renewal
        Instant nextPoll = schedule.dueAt(job.id()).map(Instant::ofEpochMilli).filter(d -> d.isAfter(dueAt)).orElse(dueAt);
        limits.holdSlot(job, Duration.between(now, nextPoll));
        Optional<PollTask> stored = schedule.load(job.id());
        if (stored.isPresent() && stored.get().finished()) {
            limits.releaseSlot(job);
            return Change.IGNORED; // the poller's own transition read back after it finished the task, or a late event
        }
        if (stored.isPresent() && stored.get().version() >= job.version()) {
            return Change.IGNORED; // a re-delivery, an older snapshot, or the poller's own running read back
        }
        // keep the bookkeeping (poll and error counts) of the task when only the snapshot is newer
        PollTask task = stored.filter(PollTask::isActive).map(t -> t.withJob(job)).orElseGet(() -> PollTask.of(job, now));
        if (schedule.track(task, dueAt.toEpochMilli(), now.toEpochMilli())) {
            log.debug("job {}: tracking {} task {} (version {}, {})", job.id(), job.provider(), job.providerTaskId(),
                    job.version(), job.state().wireName());
            return Change.TRACKED;
        }
        if (schedule.load(job.id()).map(PollTask::finished).orElse(true)) {
            limits.releaseSlot(job); // finished meanwhile: the slot just taken must not outlive the task
        }
        return Change.IGNORED;
    }

    /** The job left the provider: no more polls, and its concurrency slot is free. */
    private Change finish(Job job, Duration retention) {
        boolean finished = schedule.finish(job, retention);
        limits.releaseSlot(job);
        if (finished) {
            log.debug("job {}: no longer polled ({}, version {})", job.id(), job.state().wireName(), job.version());
            return Change.FINISHED;
        }
        return Change.IGNORED;
    }
}
