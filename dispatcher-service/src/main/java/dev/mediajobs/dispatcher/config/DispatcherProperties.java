package dev.mediajobs.dispatcher.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mediajobs.dispatcher.*}.
 *
 * @param concurrency          listener threads consuming the requests topic (at most its partition count is useful)
 * @param maxSubmitAttempts    submit calls per job at most, counting the first, when the provider is rate limiting or
 *                             unavailable
 * @param retryBaseDelay       the first backoff ceiling; doubled per attempt, with full jitter
 * @param retryMaxDelay        the backoff ceiling never exceeds this (a provider's Retry-After is honoured as given)
 * @param maxTotalRetryWait    the longest a single job may wait between its attempts in total; the wait blocks a
 *                             listener thread, so this must stay well below the consumer's max.poll.interval.ms
 * @param maxLimiterWait       the longest one delivery of a request waits for the shared limiter (rate, concurrency,
 *                             Retry-After) before the record is handed back to Kafka and delivered again; the wait
 *                             blocks a listener thread, so together with max-total-retry-wait it must stay below the
 *                             consumer's max.poll.interval.ms (checked at startup)
 */
@ConfigurationProperties(prefix = "mediajobs.dispatcher")
public record DispatcherProperties(
        @DefaultValue("4") int concurrency,
        @DefaultValue("5") int maxSubmitAttempts,
        @DefaultValue("500ms") Duration retryBaseDelay,
        @DefaultValue("30s") Duration retryMaxDelay,
        @DefaultValue("2m") Duration maxTotalRetryWait,
        @DefaultValue("4m") Duration maxLimiterWait) {

    public DispatcherProperties {
        require(concurrency >= 1, "mediajobs.dispatcher.concurrency must be at least 1, was " + concurrency);
        require(maxSubmitAttempts >= 1,
                "mediajobs.dispatcher.max-submit-attempts must be at least 1 (1 = never retry), was " + maxSubmitAttempts);
        require(retryBaseDelay != null && retryBaseDelay.isPositive(),
                "mediajobs.dispatcher.retry-base-delay must be positive, e.g. 500ms, was " + retryBaseDelay);
        require(retryMaxDelay != null && retryMaxDelay.compareTo(retryBaseDelay) >= 0,
                "mediajobs.dispatcher.retry-max-delay must be at least retry-base-delay (" + retryBaseDelay + "), was "
                        + retryMaxDelay);
        require(maxTotalRetryWait != null && !maxTotalRetryWait.isNegative()
                        && maxTotalRetryWait.compareTo(Duration.ofMinutes(5)) <= 0,
                "mediajobs.dispatcher.max-total-retry-wait must be 0-5m (it blocks a consumer thread), was "
                        + maxTotalRetryWait);
        require(maxLimiterWait != null && maxLimiterWait.compareTo(Duration.ofSeconds(1)) >= 0,
                "mediajobs.dispatcher.max-limiter-wait must be at least 1s, e.g. 4m, was " + maxLimiterWait);
    }

    /** The longest a listener thread may block on one record between provider calls. */
    public Duration longestBlockingWait() {
        return maxLimiterWait.plus(maxTotalRetryWait);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
