package dev.mediajobs.poller.poll;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.limits.TaskLimits;
import dev.mediajobs.poller.metrics.PollerMetrics;
import dev.mediajobs.poller.schedule.ClaimedTask;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.poller.schedule.PollSchedule.SaveResult;
import dev.mediajobs.poller.schedule.PollTask;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.support.limits.LimitDecision;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderCall;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.PollNudges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one claimed task, and every decision that follows from it: cancel, time out, hand over to storage,
 * fail, or poll again later (and when). It knows nothing of threads or Spring; {@link PollLoop} calls it.
 *
 * <p>A transition is published first (blocking until Kafka acknowledged it) and stored in the task record after, so
 * that a crash in between only repeats the poll, which publishes the same version again: readers ignore it. The poll
 * of a task never throws: whatever goes wrong is logged with the job id and the task is polled again after a backoff.
 *
 * <p>Every call to a provider first asks the shared limiter ({@link TaskLimits}): a status call
 * {@code acquirePoll}, a cancel {@code acquireOther}. A refusal makes no request and is no failed poll: the task is
 * saved due when the limiter said (plus a little jitter), and the decision is taken again then. A 429 blocks the
 * provider's key for every instance for its Retry-After, besides this task's own backoff. While the task is at the
 * provider it holds its concurrency slot, renewed with every save until its next due poll; when the poller ends its
 * part (storing, failed, canceled, timed out) the slot is released for the next submit.
 *
 * <p>A provider's callback ({@link PollNudges}) only makes a poll come sooner; the poll stays the authority. The poll
 * takes the callback's flag once the limiter granted it, so a completion it finds counts as one by callback.
 */
public class TaskPoller {

    private static final Logger log = LoggerFactory.getLogger(TaskPoller.class);

    private final PollSchedule schedule;
    private final ProviderRegistry registry;
    private final ProviderTimings timings;
    private final CancelRequests cancels;
    private final PollNudges nudges;
    private final TaskLimits limits;
    private final TransitionPublisher publisher;
    private final InlineAssetStager inlineAssets;
    private final PollerProperties properties;
    private final PollerMetrics metrics;
    private final Backoff backoff;
    private final Clock clock;

    public TaskPoller(PollSchedule schedule, ProviderRegistry registry, CancelRequests cancels, PollNudges nudges,
                      TaskLimits limits, TransitionPublisher publisher, InlineAssetStager inlineAssets,
                      PollerProperties properties, PollerMetrics metrics, Backoff backoff, Clock clock) {
        this.schedule = schedule;
        this.registry = registry;
        this.timings = new ProviderTimings(registry);
        this.cancels = cancels;
        this.nudges = nudges;
        this.limits = limits;
        this.publisher = publisher;
        this.inlineAssets = inlineAssets;
        this.properties = properties;
        this.metrics = metrics;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Polls the claimed task and schedules what comes next. Never throws. */
    public PollOutcome poll(ClaimedTask claim) {
        PollTask task = null;
        PollOutcome outcome;
        try {
            Optional<PollTask> loaded = schedule.load(claim.jobId());
            if (loaded.isEmpty() || !loaded.get().isActive()) {
                // finished, or Redis lost the record: the rebuild re-adds the task if it is still in flight
                schedule.dropIfInactive(claim.jobId(), clock.millis());
                outcome = PollOutcome.DROPPED;
            } else {
                task = loaded.get();
                outcome = pollActive(claim, task);
            }
        } catch (RuntimeException e) {
            outcome = afterUnexpectedFailure(claim, task, e);
        }
        if (outcome != PollOutcome.DEFERRED) {
            metrics.poll(task == null ? null : task.job().provider(), outcome);
        }
        return outcome;
    }

    private PollOutcome pollActive(ClaimedTask claim, PollTask task) {
        Instant now = clock.instant();
        Job job = task.job();
        Optional<ProviderAdapter> adapter = registry.find(job.provider());
        if (job.cancelRequested() || cancels.isRequested(job.id())) {
            return cancel(claim, task, adapter, now);
        }
        if (!job.providerAssets().isEmpty()) {
            // a synchronous provider answered the submit with the outputs: nothing to poll
            return handOver(claim, task, job.providerAssets(), Map.of(), PollerMetrics.VIA_SUBMIT, now);
        }
        Instant deadline = deadline(task);
        if (!now.isBefore(deadline)) {
            return timeOut(claim, task, adapter, now);
        }
        if (adapter.isEmpty()) {
            return fail(claim, task, new JobError(ErrorCodes.PROVIDER_NOT_CONFIGURED, "provider '" + job.provider()
                    + "' is unknown or disabled in the poller (mediajobs.providers." + job.provider() + ".enabled)",
                    false, job.provider()), now);
        }
        if (job.providerTaskId() == null) {
            return fail(claim, task, new JobError(ErrorCodes.INTERNAL,
                    "the job was submitted without a provider task id, so it cannot be polled", false, job.provider()), now);
        }
        Optional<ProviderCredentials> credentials = submittingKey(job);
        if (credentials.isEmpty()) {
            return fail(claim, task, new JobError(ErrorCodes.PROVIDER_AUTH, missingKeyMessage(job), false, job.provider()), now);
        }

        LimitDecision permit = limits.beforePoll(job);
        if (!permit.granted()) {
            return defer(claim, task, permit, ProviderCall.POLL, now, deadline);
        }
        // taken only once the poll is granted: a deferred poll leaves the flag to the poll that does happen
        boolean nudged = nudges.consume(job.id());
        PollResult result;
        try {
            result = adapter.get().poll(ProviderTask.fromJob(job), credentials.get());
            limits.called(job, ProviderCall.POLL, LimiterMetrics.OK);
        } catch (ProviderException e) {
            limits.called(job, ProviderCall.POLL, LimiterMetrics.outcome(e));
            return onProviderError(claim, task, e, clock.instant(), deadline);
        } catch (RuntimeException e) {
            limits.called(job, ProviderCall.POLL, LimiterMetrics.ERROR);
            throw e;
        }
        Instant answeredAt = clock.instant();
        return onResult(claim, task.answered(answeredAt), result, answeredAt, deadline, nudged);
    }

    private PollOutcome onResult(ClaimedTask claim, PollTask task, PollResult result, Instant now, Instant deadline,
                                 boolean nudged) {
        Job job = task.job();
        Duration next = result.nextPollAfterMillis() > 0 ? Duration.ofMillis(result.nextPollAfterMillis())
                : timings.pollInterval(job.provider());
        long nextDue = capped(now.plus(next), deadline);
        switch (result.status()) {
            case PENDING -> {
                reschedule(claim, task, true, nextDue, now, true);
                return PollOutcome.PENDING;
            }
            case RUNNING -> {
                if (job.state() == JobState.SUBMITTED) {
                    Job running = job.transitionTo(JobState.RUNNING, now).toBuilder().progress(result.progress()).build();
                    if (!publish(claim, running)) {
                        return PollOutcome.LEASE_LOST;
                    }
                    reschedule(claim, task.withJob(running), false, nextDue, now, true);
                } else {
                    // progress alone publishes nothing (keeps event volume low) but is remembered for the next snapshot
                    PollTask updated = result.progress() != null && !Objects.equals(result.progress(), job.progress())
                            ? task.withJob(job.toBuilder().progress(result.progress()).build()) : task;
                    reschedule(claim, updated, true, nextDue, now, true);
                }
                return PollOutcome.RUNNING;
            }
            case SUCCEEDED -> {
                List<ProviderAsset> assets = new ArrayList<>(result.assets());
                if (!result.inlineAssets().isEmpty()) {
                    try {
                        assets.addAll(inlineAssets.stage(job, result.inlineAssets()));
                    } catch (UnsupportedOperationException e) {
                        return fail(claim, task, new JobError(ErrorCodes.INTERNAL, e.getMessage(), false, job.provider()), now);
                    }
                }
                return handOver(claim, task, assets, result.result(),
                        nudged ? PollerMetrics.VIA_CALLBACK : PollerMetrics.VIA_POLL, now);
            }
            case FAILED -> {
                JobError failure = result.failure() != null ? withProvider(result.failure(), job.provider())
                        : new JobError(ErrorCodes.PROVIDER_TASK_FAILED, "the provider reported the task failed without a reason",
                        false, job.provider());
                if (ErrorCodes.CANCELED.equals(failure.code())) {
                    // canceled at the provider by someone else (its console, another client): the job is canceled too
                    Job canceled = job.transitionTo(JobState.CANCELED, now).toBuilder().error(failure).build();
                    return finishWith(claim, task, canceled, PollOutcome.CANCELED);
                }
                return fail(claim, task, failure, now);
            }
            default -> throw new IllegalStateException("unknown poll status " + result.status());
        }
    }

    private PollOutcome onProviderError(ClaimedTask claim, PollTask task, ProviderException e, Instant now, Instant deadline) {
        Job job = task.job();
        switch (e.kind()) {
            case RATE_LIMITED -> {
                // every instance holds back every call with this key until Retry-After has passed
                limits.rateLimited(job, e.retryAfter());
                PollTask limited = task.rateLimited(now);
                Duration wait = backoff.afterRateLimit(e.retryAfter(), limited.consecutiveRateLimits());
                log.warn("job {}: {} rate-limited the poll of task {} (key '{}'); next poll in {} ms", job.id(),
                        job.provider(), job.providerTaskId(), job.providerKeyId(), wait.toMillis());
                // not capped at the deadline: never earlier than Retry-After
                reschedule(claim, limited, true, now.plus(wait).toEpochMilli(), now, false);
                return PollOutcome.RATE_LIMITED;
            }
            case TRANSIENT -> {
                PollTask failed = task.failedPoll(now);
                if (failed.consecutiveErrors() >= properties.getMaxConsecutiveErrors()) {
                    JobError err = e.toJobError();
                    return fail(claim, failed, new JobError(err.code(), "polling gave up after "
                            + failed.consecutiveErrors() + " failed polls in a row; last error: " + err.message(),
                            err.retryable(), err.provider() == null ? job.provider() : err.provider()), now);
                }
                Duration wait = max(backoff.delay(failed.consecutiveErrors()), timings.pollInterval(job.provider()));
                log.warn("job {}: poll of {} task {} failed ({} of {} in a row), next poll in {} ms: {}", job.id(),
                        job.provider(), job.providerTaskId(), failed.consecutiveErrors(),
                        properties.getMaxConsecutiveErrors(), wait.toMillis(), e.getMessage());
                reschedule(claim, failed, true, capped(now.plus(wait), deadline), now, false);
                return PollOutcome.TRANSIENT_ERROR;
            }
            default -> {
                // NOT_FOUND, AUTH, CREDITS, INVALID_REQUEST, MALFORMED_RESPONSE: asking again will not help
                JobError err = e.toJobError();
                return fail(claim, task, err.provider() == null ? withProvider(err, job.provider()) : err, now);
            }
        }
    }

    private PollOutcome cancel(ClaimedTask claim, PollTask task, Optional<ProviderAdapter> adapter, Instant now) {
        Job job = task.job();
        if (callsProviderToCancel(job, adapter)) {
            LimitDecision permit = limits.beforeOther(job);
            if (!permit.granted()) {
                // the job stays in flight until the cancel can be sent (it is sent, then the job ends canceled)
                return defer(claim, task, permit, ProviderCall.OTHER, now, null);
            }
        }
        cancelAtProvider(job, adapter, "the client asked to cancel");
        Job canceled = job.transitionTo(JobState.CANCELED, now).toBuilder()
                .cancelRequested(true)
                .error(new JobError(ErrorCodes.CANCELED, "canceled at the client's request", false, job.provider()))
                .build();
        return finishWith(claim, task, canceled, PollOutcome.CANCELED);
    }

    private PollOutcome timeOut(ClaimedTask claim, PollTask task, Optional<ProviderAdapter> adapter, Instant now) {
        Job job = task.job();
        if (callsProviderToCancel(job, adapter)) {
            LimitDecision permit = limits.beforeOther(job);
            if (!permit.granted()) {
                // past its deadline it stays past it: when the cancel is granted the job ends timed_out all the same
                return defer(claim, task, permit, ProviderCall.OTHER, now, null);
            }
        }
        Duration timeout = timings.taskTimeout(job.provider());
        cancelAtProvider(job, adapter, "it timed out");
        String property = "mediajobs.providers." + job.provider() + ".task-timeout";
        String message = "the provider task did not finish within " + timeout.toSeconds() + " s ("
                + (timings.timeoutOverridden(job.provider()) ? "set by " + property
                : "the provider's default; " + property + " overrides it") + ")";
        Job timedOut = job.transitionTo(JobState.TIMED_OUT, now).toBuilder()
                .error(new JobError(ErrorCodes.TIMED_OUT, message, true, job.provider()))
                .build();
        return finishWith(claim, task, timedOut, PollOutcome.TIMED_OUT);
    }

    private PollOutcome handOver(ClaimedTask claim, PollTask task, List<ProviderAsset> assets, Map<String, Object> result,
                                 String via, Instant now) {
        Job job = task.job();
        Map<String, Object> merged = new LinkedHashMap<>(job.result());
        merged.putAll(result);
        Job storing = job.transitionTo(JobState.STORING, now).toBuilder()
                .providerAssets(assets)
                .result(merged)
                .progress(100)
                .build();
        PollOutcome outcome = finishWith(claim, task, storing, PollOutcome.STORING);
        if (outcome == PollOutcome.STORING) {
            metrics.completion(job.provider(), via);
        }
        return outcome;
    }

    private PollOutcome fail(ClaimedTask claim, PollTask task, JobError error, Instant now) {
        Job job = task.job();
        log.warn("job {}: failing {} task {}: {} {}", job.id(), job.provider(), job.providerTaskId(), error.code(), error.message());
        return finishWith(claim, task, job.transitionTo(JobState.FAILED, now).toBuilder().error(error).build(),
                PollOutcome.FAILED);
    }

    /**
     * Publishes a snapshot that ends the poller's part (storing or terminal), retires the task and gives its
     * concurrency slot back: the task no longer occupies the provider.
     */
    private PollOutcome finishWith(ClaimedTask claim, PollTask task, Job next, PollOutcome outcome) {
        if (!publish(claim, next)) {
            return PollOutcome.LEASE_LOST;
        }
        schedule.finish(next, properties.getFinishedTaskRetention());
        limits.releaseSlot(next);
        metrics.pollsPerJob(next.provider(), task.pollCount());
        return outcome;
    }

    /**
     * The shared limiter refused the call: no request, no poll counted, no error counted. The task is saved due when
     * the limiter said (plus jitter; a poll never past the deadline, so a timeout is noticed on time) and keeps its
     * slot until then. A callback's flag is left for the poll that does happen.
     */
    private PollOutcome defer(ClaimedTask claim, PollTask task, LimitDecision refusal, ProviderCall call, Instant now,
                              Instant deadline) {
        Job job = task.job();
        Instant next = now.plus(backoff.afterLimiterWait(refusal.waitMillis()));
        long due = deadline == null ? next.toEpochMilli() : capped(next, deadline);
        reschedule(claim, task, true, due, now, false);
        metrics.deferred(job.provider(), call.tag(), refusal.reason());
        log.debug("job {}: {} call to {} (key '{}') deferred {} ms by the shared limiter ({})", job.id(), call.tag(),
                job.provider(), job.providerKeyId(), due - now.toEpochMilli(), refusal.reason());
        return PollOutcome.DEFERRED;
    }

    /**
     * Saves the task with its next due time. Its slot is renewed first, until that time plus the grace: renewing
     * after the save could re-take the slot of a task that an event finished (and released) in between. When the
     * save finds the task finished elsewhere, the slot goes back at once.
     *
     * @param honourNudge after a poll that got an answer: a callback during the poll makes the next poll due now
     */
    private SaveResult reschedule(ClaimedTask claim, PollTask task, boolean sameVersionAllowed, long nextDueMillis,
                                  Instant now, boolean honourNudge) {
        limits.holdSlot(task.job(), Duration.ofMillis(nextDueMillis - now.toEpochMilli()));
        SaveResult saved = honourNudge
                ? schedule.saveAfterPoll(task, sameVersionAllowed, claim, nextDueMillis, now.toEpochMilli())
                : schedule.save(task, sameVersionAllowed, claim, nextDueMillis);
        if (saved == SaveResult.FINISHED_ELSEWHERE) {
            limits.releaseSlot(task.job());
        }
        return saved;
    }

    /**
     * Publishes unless another instance took the task over (our lease ran out during a slow poll): then that instance
     * decides, and publishing here too could put two different snapshots with the same version on the topic.
     */
    private boolean publish(ClaimedTask claim, Job next) {
        if (!schedule.holdsLease(claim)) {
            log.warn("job {}: lease ran out during the poll and another poller claimed the task; not publishing {}",
                    next.id(), next.state().wireName());
            return false;
        }
        publisher.publish(next);
        return true;
    }

    /** Whether ending this job means a cancel call to its provider (which then goes through the limiter). */
    private boolean callsProviderToCancel(Job job, Optional<ProviderAdapter> adapter) {
        return adapter.isPresent() && job.providerTaskId() != null && adapter.get().describe().supportsCancel()
                && submittingKey(job).isPresent();
    }

    private void cancelAtProvider(Job job, Optional<ProviderAdapter> adapter, String why) {
        if (adapter.isEmpty() || job.providerTaskId() == null) {
            return;
        }
        if (!adapter.get().describe().supportsCancel()) {
            log.info("job {}: {} has no cancel call; task {} is left to run out at the provider ({})", job.id(),
                    job.provider(), job.providerTaskId(), why);
            return;
        }
        Optional<ProviderCredentials> credentials = submittingKey(job);
        if (credentials.isEmpty()) {
            log.warn("job {}: not canceling {} task {} at the provider ({}): its API key '{}' is no longer configured",
                    job.id(), job.provider(), job.providerTaskId(), why, job.providerKeyId());
            return;
        }
        try {
            boolean canceled = adapter.get().cancel(ProviderTask.fromJob(job), credentials.get());
            limits.called(job, ProviderCall.OTHER, LimiterMetrics.OK);
            log.info("job {}: {} task {} {} at the provider because {}", job.id(), job.provider(), job.providerTaskId(),
                    canceled ? "canceled" : "not cancelable", why);
        } catch (ProviderException e) {
            limits.called(job, ProviderCall.OTHER, LimiterMetrics.outcome(e));
            if (e.kind() == ProviderException.Kind.RATE_LIMITED) {
                limits.rateLimited(job, e.retryAfter());
            }
            // best effort: the job ends either way; the provider may still finish (and bill) the task
            log.warn("job {}: could not cancel {} task {} at the provider ({}): {}", job.id(), job.provider(),
                    job.providerTaskId(), why, e.getMessage());
        } catch (RuntimeException e) {
            limits.called(job, ProviderCall.OTHER, LimiterMetrics.ERROR);
            log.warn("job {}: could not cancel {} task {} at the provider ({}): {}", job.id(), job.provider(),
                    job.providerTaskId(), why, e.getMessage());
        }
    }

    private PollOutcome afterUnexpectedFailure(ClaimedTask claim, PollTask task, RuntimeException e) {
        log.error("job {}: poll failed unexpectedly; backing the task off", claim.jobId(), e);
        if (task == null) {
            return PollOutcome.ERROR; // Redis itself failed: the lease runs out and the task is claimed again
        }
        try {
            Instant now = clock.instant();
            PollTask failed = task.failedPoll(now);
            Duration wait = max(backoff.delay(failed.consecutiveErrors()), timings.pollInterval(task.job().provider()));
            reschedule(claim, failed, true, capped(now.plus(wait), deadline(task)), now, false);
        } catch (RuntimeException again) {
            log.warn("job {}: could not reschedule after the failure ({}); it is polled again when its lease ends",
                    claim.jobId(), again.getMessage());
        }
        return PollOutcome.ERROR;
    }

    /** Always the key the task was submitted with: a task belongs to the account that created it. */
    private Optional<ProviderCredentials> submittingKey(Job job) {
        return job.providerKeyId() == null ? Optional.empty() : registry.credentials(job.provider(), job.providerKeyId());
    }

    static String missingKeyMessage(Job job) {
        String keyId = job.providerKeyId();
        if (keyId == null) {
            return "the job does not name the API key that submitted its task (providerKeyId), and a task can only be "
                    + "polled with the key that created it";
        }
        String property = "default".equals(keyId) ? "mediajobs.providers." + job.provider() + ".api-key"
                : "mediajobs.providers." + job.provider() + ".api-keys." + keyId;
        return "the API key '" + keyId + "' that submitted this task is no longer configured (" + property
                + "); a task can only be polled with the key that created it";
    }

    private Instant deadline(PollTask task) {
        Job job = task.job();
        Instant start = job.submittedAt() != null ? job.submittedAt()
                : job.createdAt() != null ? job.createdAt()
                : task.trackedAt() != null ? task.trackedAt() : clock.instant();
        // whole milliseconds, like the due times: a poll due at the deadline then always sees it passed
        return start.plus(timings.taskTimeout(job.provider())).truncatedTo(ChronoUnit.MILLIS);
    }

    /** No poll is scheduled past the deadline, so a timeout is noticed on time even during a long backoff. */
    private static long capped(Instant next, Instant deadline) {
        return Math.min(next.toEpochMilli(), deadline.toEpochMilli());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static JobError withProvider(JobError error, String provider) {
        return error.provider() != null ? error : new JobError(error.code(), error.message(), error.retryable(), provider);
    }
}
