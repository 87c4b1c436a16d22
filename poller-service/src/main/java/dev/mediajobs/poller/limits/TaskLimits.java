package dev.mediajobs.poller.limits;

import dev.mediajobs.common.Job;
import dev.mediajobs.support.limits.LimitDecision;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderCall;
import dev.mediajobs.support.limits.ProviderLimits;
import java.time.Duration;
import java.util.Optional;

/**
 * The shared limits as the poller meets them, per job: a task counts against the provider and API key that
 * submitted it ({@link Job#providerKeyId()}), since that is the account the provider bills and throttles.
 *
 * <p>A job without a key name cannot be polled at all (the poller fails it first), so it has no scope here: its
 * calls are neither limited nor counted, and it holds no slot.
 */
public class TaskLimits {

    private final ProviderLimits limits;
    private final LimiterMetrics metrics;

    public TaskLimits(ProviderLimits limits, LimiterMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    public static Optional<LimitScope> scope(Job job) {
        if (job == null || job.provider() == null || job.providerKeyId() == null) {
            return Optional.empty();
        }
        return Optional.of(new LimitScope(job.provider(), job.providerKeyId()));
    }

    /** Before a status call. */
    public LimitDecision beforePoll(Job job) {
        return scope(job).map(limits::acquirePoll).orElse(LimitDecision.ok());
    }

    /** Before a cancel call. */
    public LimitDecision beforeOther(Job job) {
        return scope(job).map(limits::acquireOther).orElse(LimitDecision.ok());
    }

    /** A call was made: counted by provider, key name, call and outcome. */
    public void called(Job job, ProviderCall call, String outcome) {
        scope(job).ifPresent(scope -> metrics.call(scope, call, outcome));
    }

    /** The provider answered 429: no instance calls it with this key before {@code retryAfter} has passed. */
    public void rateLimited(Job job, Duration retryAfter) {
        scope(job).ifPresent(scope -> limits.rateLimited(scope, retryAfter));
    }

    /** The task stays in flight until at least its next poll: keeps its concurrency slot that long (plus grace). */
    public void holdSlot(Job job, Duration untilNextPoll) {
        scope(job).ifPresent(scope -> limits.holdSlot(scope, job.id(), untilNextPoll.isNegative() ? Duration.ZERO : untilNextPoll));
    }

    /** The task left the provider (done, failed, canceled, timed out): its slot goes to the next submit. */
    public void releaseSlot(Job job) {
        scope(job).ifPresent(scope -> limits.releaseSlot(scope, job.id()));
    }
}
