package dev.mediajobs.dispatcher;

import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimitDecision;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderCall;
import dev.mediajobs.support.limits.ProviderLimits;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every provider call of the dispatcher passes here first: it picks the API key ({@link KeyRotation}), asks the shared
 * limiter ({@link ProviderLimits}) and, when every usable key is refused, sleeps the shortest wait the limiter named
 * and asks again. The listener thread blocks while it waits, so jobs behind it wait in Kafka, where they are durable.
 *
 * <p>A delivery waits at most {@code max-limiter-wait} in total; past it the job's slots are given back and
 * {@link LimiterWaitExceededException} makes the record be delivered again, so the consumer stays within
 * {@code max.poll.interval.ms} and the job is never failed for waiting. Each sleep is at most what is left of that
 * bound, so even a Retry-After longer than the bound is waited out across deliveries instead of spinning.
 *
 * <p>It also records the answers: each call in {@link LimiterMetrics}, a 429 as a Retry-After block shared by every
 * instance, and a key refused for auth or credits on the {@link KeyBench}.
 */
public class SubmitGate {

    private static final Logger log = LoggerFactory.getLogger(SubmitGate.class);

    /**
     * @param maxLimiterWait the longest one delivery of a request waits for permits
     * @param progressEvery  how often a long wait is logged
     * @param authBench      how long a key refused with 401/403 stays out of the pool
     * @param creditsBench   how long a key refused with 402 stays out of the pool
     */
    public record Settings(Duration maxLimiterWait, Duration progressEvery, Duration authBench, Duration creditsBench) {
    }

    /** Leave to make one call with one key. */
    public record Permit(LimitScope scope, ProviderCredentials credentials) {
    }

    private final ProviderLimits limits;
    private final KeyRotation keys;
    private final KeyBench bench;
    private final ProviderRegistry registry;
    private final LimiterMetrics limiterMetrics;
    private final DispatcherMetrics metrics;
    private final Sleeper sleeper;
    private final Settings settings;

    public SubmitGate(ProviderLimits limits, KeyRotation keys, KeyBench bench, ProviderRegistry registry,
                      LimiterMetrics limiterMetrics, DispatcherMetrics metrics, Sleeper sleeper, Settings settings) {
        this.limits = limits;
        this.keys = keys;
        this.bench = bench;
        this.registry = registry;
        this.limiterMetrics = limiterMetrics;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.settings = settings;
    }

    /** Whether the provider has any API key configured at all. */
    boolean hasKeys(String provider) {
        return !keys.configured(provider).isEmpty();
    }

    /**
     * A permit to submit with the first key in rotation that is not benched and that the limiter lets through,
     * waiting when none does. Empty when every key of the provider is benched: the caller moves down the chain.
     * Order matters for fairness: the limiter takes the job's concurrency slot before its share of the budgets.
     */
    Optional<Permit> forSubmit(SubmitAttempt attempt, String provider) {
        while (true) {
            List<String> candidates = keys.next(provider);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            LimitDecision shortest = null;
            for (String keyId : candidates) {
                LimitScope scope = new LimitScope(provider, keyId);
                LimitDecision decision = limits.acquireSubmit(scope, attempt.jobId());
                attempt.slotScopes.add(scope); // a refused budget may have left the slot taken: give it back later
                if (decision.granted()) {
                    releaseSlotsExcept(attempt, scope);
                    return Optional.of(new Permit(scope, credentials(scope)));
                }
                if (shortest == null || decision.waitMillis() < shortest.waitMillis()) {
                    shortest = decision;
                }
            }
            await(attempt, provider, shortest);
        }
    }

    /**
     * A permit for one given key, benched or not: the look-up of a task that may exist under it, or the submit that
     * follows when the look-up found none.
     */
    Permit forKey(SubmitAttempt attempt, String provider, String keyId, ProviderCall call) {
        LimitScope scope = new LimitScope(provider, keyId);
        while (true) {
            LimitDecision decision = call == ProviderCall.SUBMIT ? limits.acquireSubmit(scope, attempt.jobId())
                    : limits.acquireOther(scope);
            if (call == ProviderCall.SUBMIT) {
                attempt.slotScopes.add(scope);
            }
            if (decision.granted()) {
                return new Permit(scope, credentials(scope));
            }
            await(attempt, provider, decision);
        }
    }

    /** A call was made; {@code outcome} is {@code ok} or the failure's kind. */
    void called(LimitScope scope, ProviderCall call, String outcome) {
        limiterMetrics.call(scope, call, outcome);
    }

    /** A 429: no instance calls this provider with this key again before the Retry-After has passed. */
    void rateLimited(LimitScope scope, Duration retryAfter) {
        limits.rateLimited(scope, retryAfter);
    }

    /** The provider refused the key itself (401/403 or 402): it sits out for a while, for every instance. */
    String benchKey(LimitScope scope, ProviderException e) {
        String kind = LimiterMetrics.outcome(e);
        Duration duration = e.kind() == ProviderException.Kind.CREDITS ? settings.creditsBench() : settings.authBench();
        String reason = kind + (e.httpStatus() == null ? "" : " (HTTP " + e.httpStatus() + ")");
        bench.bench(scope, duration, reason);
        metrics.keyBenched(scope.provider(), scope.keyId(), kind);
        log.warn("API key '{}' of {} is benched for {} s ({}); the next submits use the other keys of its pool",
                scope.keyId(), scope.provider(), duration.toSeconds(), reason);
        return reason;
    }

    /** Why no key of the provider can be used, e.g. {@code default: credits (HTTP 402), 9 min left}. */
    String benchedKeys(String provider) {
        List<KeyBench.Benched> benched = keys.benched(provider);
        StringBuilder text = new StringBuilder();
        for (KeyBench.Benched b : benched) {
            long minutesLeft = Math.max(1, (b.untilEpochMillis() - System.currentTimeMillis() + 59_999) / 60_000);
            text.append(text.isEmpty() ? "" : ", ").append(b.keyId()).append(": ").append(b.reason())
                    .append(", about ").append(minutesLeft).append(" min left");
        }
        return text.toString();
    }

    /** Whether any benched key of the provider was refused for credits (else they were refused for auth). */
    boolean benchedForCredits(String provider) {
        return keys.benched(provider).stream().anyMatch(b -> b.reason().startsWith("credits"));
    }

    /** The job's slot in this scope is free again: the provider created no task, or the task is already over. */
    void releaseSlot(SubmitAttempt attempt, LimitScope scope) {
        limits.releaseSlot(scope, attempt.jobId());
        attempt.slotScopes.remove(scope);
    }

    /** Gives back every slot the job may hold from this delivery: none of them carries a task. */
    void releaseSlots(SubmitAttempt attempt) {
        for (LimitScope scope : attempt.slotScopes) {
            limits.releaseSlot(scope, attempt.jobId());
        }
        attempt.slotScopes.clear();
    }

    private void releaseSlotsExcept(SubmitAttempt attempt, LimitScope kept) {
        for (Iterator<LimitScope> it = attempt.slotScopes.iterator(); it.hasNext(); ) {
            LimitScope scope = it.next();
            if (!scope.equals(kept)) {
                limits.releaseSlot(scope, attempt.jobId());
                it.remove();
            }
        }
    }

    private ProviderCredentials credentials(LimitScope scope) {
        return registry.credentials(scope.provider(), scope.keyId()).orElseThrow(() -> new IllegalStateException(
                "API key '" + scope.keyId() + "' of " + scope.provider() + " is not configured"));
    }

    private void await(SubmitAttempt attempt, String provider, LimitDecision refusal) {
        Duration left = settings.maxLimiterWait().minus(attempt.limiterWaited);
        if (!left.isPositive()) {
            metrics.limiterRedelivery(provider);
            log.warn("job {}: waited {} s for the {} limiter ({}), the most one delivery may wait "
                            + "(mediajobs.dispatcher.max-limiter-wait); its request is delivered again and waits on",
                    attempt.jobId(), attempt.limiterWaited.toSeconds(), provider, refusal.reason());
            throw new LimiterWaitExceededException("job " + attempt.jobId() + " waited "
                    + attempt.limiterWaited.toSeconds() + " s for the " + provider + " limiter (" + refusal.reason()
                    + "); delivering its request again");
        }
        Duration wait = Duration.ofMillis(refusal.waitMillis());
        if (wait.compareTo(left) > 0) {
            wait = left;
        }
        if (attempt.limiterWaited.compareTo(attempt.nextProgressLog) >= 0) {
            // only the jobs at the head of their partitions wait here (one per listener thread): a few lines a minute
            log.info("job {}: waiting for the {} limiter ({}): {} s so far, next try in {} ms", attempt.jobId(),
                    provider, refusal.reason(), attempt.limiterWaited.toSeconds(), wait.toMillis());
            attempt.nextProgressLog = attempt.limiterWaited.plus(settings.progressEvery());
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmitInterruptedException("job " + attempt.jobId() + ": interrupted while waiting for the "
                    + provider + " limiter", e);
        }
        attempt.limiterWaited = attempt.limiterWaited.plus(wait);
    }
}
