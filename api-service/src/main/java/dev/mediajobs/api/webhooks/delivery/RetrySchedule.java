package dev.mediajobs.api.webhooks.delivery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The published retry schedule: the first attempt at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and
 * 24 h after each failure; after the 10th failure the delivery is exhausted. Every delay is multiplied by
 * {@code scale} (1 in production). A receiver's {@code Retry-After} can only push an attempt later, never earlier, and
 * is not scaled: it is the receiver's own wish.
 */
public final class RetrySchedule {

    /** The delay before attempt {@code n} is element {@code n - 1}. */
    public static final List<Duration> PUBLISHED = List.of(
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(14),
            Duration.ofHours(20),
            Duration.ofHours(24));

    private final BigDecimal scale;

    public RetrySchedule(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the schedule scale must be positive");
        }
        this.scale = BigDecimal.valueOf(scale);
    }

    /** Scheduled attempts of a delivery, the first included. */
    public int maxAttempts() {
        return PUBLISHED.size();
    }

    /** The scaled delay before scheduled attempt {@code attempt} (1-based), rounded up to whole milliseconds. */
    public Duration delayBefore(int attempt) {
        Duration published = PUBLISHED.get(attempt - 1);
        // decimal, not double, arithmetic: 300000 * 0.001 must be 300 ms, not 300.00000000000006 rounded up to 301
        return Duration.ofMillis(BigDecimal.valueOf(published.toMillis()).multiply(scale)
                .setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /**
     * When to try again after the {@code failures}-th failed scheduled attempt, which ended at {@code failedAt}; empty
     * when the schedule is exhausted.
     *
     * @param retryAfter what the receiver asked for (429/503 with {@code Retry-After}), or null
     */
    public Optional<Instant> next(int failures, Instant failedAt, Duration retryAfter) {
        if (failures >= maxAttempts()) {
            return Optional.empty();
        }
        Instant scheduled = failedAt.plus(delayBefore(failures + 1));
        if (retryAfter != null && !retryAfter.isNegative()) {
            Instant asked = failedAt.plus(retryAfter);
            if (asked.isAfter(scheduled)) {
                return Optional.of(asked);
            }
        }
        return Optional.of(scheduled);
    }
}
