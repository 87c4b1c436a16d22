package dev.mediajobs.poller.poll;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th delay is {@code initial · 2^(n-1)}, capped at {@code max}, of which
 * the second half is random. Jitter spreads out the polls of many tasks that failed together (a provider outage) so
 * that they do not all come back in the same instant.
 */
public class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return Duration.ofMillis(ceiling - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /**
     * The delay after a 429: never shorter than the provider's Retry-After, plus up to 10 % (at most one second) of
     * jitter; the plain backoff when the provider named no time.
     */
    public Duration afterRateLimit(Duration retryAfter, int attempt) {
        if (retryAfter == null) {
            return delay(attempt);
        }
        long base = Math.max(retryAfter.toMillis(), delay(attempt).toMillis());
        long spread = Math.min(1_000, base / 10);
        return Duration.ofMillis(base + (spread == 0 ? 0 : random.nextLong(spread + 1)));
    }

    /** The largest spread added to a limiter's wait. */
    static final long MAX_DEFERRAL_JITTER_MILLIS = 250;

    /**
     * When to come back after the shared limiter refused a call: never before the wait it gave, plus up to 10 % (at
     * most {@value #MAX_DEFERRAL_JITTER_MILLIS} ms) of jitter. Every task refused in the same window is told the same
     * wait; the spread keeps them from all coming back in the same millisecond, when only a few can be granted.
     */
    public Duration afterLimiterWait(long waitMillis) {
        long base = Math.max(0, waitMillis);
        long spread = Math.min(MAX_DEFERRAL_JITTER_MILLIS, base / 10);
        return Duration.ofMillis(base + (spread == 0 ? 0 : random.nextLong(spread + 1)));
    }

    long ceilingMillis(int attempt) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, max.toMillis());
    }
}
