package dev.mediajobs.poller.tracking;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.poller.config.PollerProperties;
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
 */
public class TaskTracker {

    private static final Logger log = LoggerFactory.getLogger(TaskTracker.class);

    /** What applying a snapshot did. */
    public enum Change { TRACKED, FINISHED, IGNORED }

    private final PollSchedule schedule;
    private final ProviderTimings timings;
    private final PollerProperties properties;

    public TaskTracker(PollSchedule schedule, ProviderTimings timings, PollerProperties properties) {
        this.schedule = schedule;
        this.timings = timings;
        this.properties = properties;
    }

    /** A snapshot from the events topic: a new task is first polled one poll interval from now. */
    public Change apply(Job job, Instant now) {
        if (job.state() == JobState.QUEUED) {
            return Change.IGNORED;
        }
        if (job.state().isInFlightAtProvider()) {
            // a synchronous provider's outputs are already in the snapshot: hand them over at once
            Duration firstPoll = job.providerAssets().isEmpty() ? timings.pollInterval(job.provider()) : Duration.ZERO;
            return track(job, now, now.plus(firstPoll));
        }
        return finish(job, properties.getFinishedTaskRetention());
    }

    /** A snapshot from the state topic after Redis lost the schedule: due at once. */
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

    private Change track(Job job, Instant now, Instant dueAt) {
        Optional<PollTask> stored = schedule.load(job.id());
        if (stored.isPresent() && (stored.get().finished() || stored.get().version() >= job.version())) {
            return Change.IGNORED; // a re-delivery, an older snapshot, or the poller's own transition read back
        }
        // keep the bookkeeping (poll and error counts) of the task when only the snapshot is newer
        PollTask task = stored.filter(PollTask::isActive).map(t -> t.withJob(job)).orElseGet(() -> PollTask.of(job, now));
        if (schedule.track(task, dueAt.toEpochMilli())) {
            log.debug("job {}: tracking {} task {} (version {}, {})", job.id(), job.provider(), job.providerTaskId(),
                    job.version(), job.state().wireName());
            return Change.TRACKED;
        }
        return Change.IGNORED;
    }

    private Change finish(Job job, Duration retention) {
        if (schedule.finish(job, retention)) {
            log.debug("job {}: no longer polled ({}, version {})", job.id(), job.state().wireName(), job.version());
            return Change.FINISHED;
        }
        return Change.IGNORED;
    }
}
