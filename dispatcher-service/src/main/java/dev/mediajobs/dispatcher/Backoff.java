package dev.mediajobs.dispatcher;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt wait a uniformly random time between 0 and
 * {@code min(max, base * 2^(n-1))}, which spreads the retries of many jobs hit by the same outage. A provider's own
 * Retry-After wins: it says when the provider will accept work again.
 */
public class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        if (!base.isPositive() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got base " + base + ", max " + max);
        }
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /**
     * @param failedAttempts how many attempts have failed so far, from 1
     * @param retryAfter     the provider's Retry-After, or null
     */
    public Duration delay(int failedAttempts, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter;
        }
        return Duration.ofMillis(random.nextLong(ceilingMillis(failedAttempts) + 1));
    }

    /** The upper bound of the n-th wait, without jitter. */
    long ceilingMillis(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 40)); // beyond 2^40 the cap has long been reached
        long ceiling = base.toMillis() << doublings;
        return Math.min(ceiling < 0 ? Long.MAX_VALUE : ceiling, max.toMillis());
    }
}
