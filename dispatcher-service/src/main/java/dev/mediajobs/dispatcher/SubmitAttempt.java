package dev.mediajobs.dispatcher;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.support.limits.LimitScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one handling of a job's request has done so far: the chain it walks, the waits it spent, the slots it holds,
 * whether it owns the dispatch claim, and what each provider and key answered, for the message of a job that no
 * provider took. Lives as long as one delivery of the record.
 */
final class SubmitAttempt {

    final Job queued;
    final List<FallbackChain.Entry> chain;

    /** Limiter waits spent on this delivery; bounded by {@code max-limiter-wait}. */
    Duration limiterWaited = Duration.ZERO;
    /** Backoff waits after transient failures, over the whole chain; bounded by {@code max-total-retry-wait}. */
    Duration retryWaited = Duration.ZERO;
    /** When, in {@link #limiterWaited}, the wait is logged next. */
    Duration nextProgressLog = Duration.ZERO;

    /** Whether this delivery holds the dispatch claim ({@code submitting …} in the ledger). */
    boolean claimed;
    /**
     * A submit got no answer (or a dispatcher died mid-submit): a task may exist at {@link #pinnedProvider} under
     * {@link #pinnedKey}, so the next call there is a look-up with that key, and the claim and slot are kept.
     */
    boolean taskMayExist;
    String pinnedProvider;
    String pinnedKey;

    /** Scopes in which this job may hold a concurrency slot, given back when no task came of them. */
    final Set<LimitScope> slotScopes = new LinkedHashSet<>();

    /** {@code provider/key -> reason} of every provider or key that did not take the job, in order. */
    final List<String> tried = new ArrayList<>();
    /** The error the job fails with when no provider takes it: the last provider's. */
    JobError lastError;
    /** The metrics outcome of that failure, e.g. {@code failed}, {@code gave_up}, {@code not_configured}. */
    String lastOutcome = "failed";
    /** The provider last left behind and why, for the fallback that follows. */
    String leftProvider;
    String leftReason;

    SubmitAttempt(Job queued, List<FallbackChain.Entry> chain) {
        this.queued = queued;
        this.chain = List.copyOf(chain);
    }

    String jobId() {
        return queued.id();
    }

    void tried(String what, String reason) {
        tried.add(what + " -> " + reason);
    }

    /** The provider did not take the job; {@code error} replaces an earlier one only when {@code decisive}. */
    void left(String provider, String reason, JobError error, String outcome, boolean decisive) {
        leftProvider = provider;
        leftReason = reason;
        if (decisive || lastError == null) {
            lastError = error;
            lastOutcome = outcome;
        }
    }

    void pin(String provider, String keyId) {
        taskMayExist = true;
        pinnedProvider = provider;
        pinnedKey = keyId;
    }
}
