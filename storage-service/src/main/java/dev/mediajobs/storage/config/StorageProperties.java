package dev.mediajobs.storage.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mediajobs.storage.*}: how the storage-service downloads provider assets and how patiently it waits for S3.
 *
 * @param concurrency             listener threads consuming the events topic (at most the topic's partitions are busy)
 * @param downloadAttempts        tries per asset when the provider answers 5xx/408/429 or the connection fails;
 *                                after the last one the job fails with {@code asset_unreachable}
 * @param downloadBackoff         wait before the second download attempt; doubles for each further attempt
 * @param downloadConnectTimeout  TCP/TLS connect timeout towards the provider's CDN
 * @param downloadResponseTimeout how long to wait for the response headers of one download
 * @param downloadTimeout         upper bound on streaming one asset's body; a stalled download is abandoned (and
 *                                retried) after this. Keep the total below {@code max.poll.interval.ms} (10 min)
 * @param s3RetryInitialInterval  first wait before a record is retried because S3 was unavailable
 * @param s3RetryMaxInterval      the longest wait between retries while S3 stays unavailable (retries never stop)
 * @param retention               how long archived assets are kept; unset (the default) keeps them forever. When set,
 *                                a bucket lifecycle rule expires objects under {@code tenants/} after this long,
 *                                rounded up to whole days (S3 lifecycle rules count in days)
 */
@ConfigurationProperties(prefix = "mediajobs.storage")
public record StorageProperties(
        @DefaultValue("4") int concurrency,
        @DefaultValue("3") int downloadAttempts,
        @DefaultValue("1s") Duration downloadBackoff,
        @DefaultValue("10s") Duration downloadConnectTimeout,
        @DefaultValue("30s") Duration downloadResponseTimeout,
        @DefaultValue("5m") Duration downloadTimeout,
        @DefaultValue("1s") Duration s3RetryInitialInterval,
        @DefaultValue("30s") Duration s3RetryMaxInterval,
        Duration retention) {

    public StorageProperties {
        require(concurrency >= 1, "mediajobs.storage.concurrency must be at least 1, was " + concurrency);
        require(downloadAttempts >= 1, "mediajobs.storage.download-attempts must be at least 1, was " + downloadAttempts);
        requirePositive(downloadBackoff, "download-backoff", true);
        requirePositive(downloadConnectTimeout, "download-connect-timeout", false);
        requirePositive(downloadResponseTimeout, "download-response-timeout", false);
        requirePositive(downloadTimeout, "download-timeout", false);
        requirePositive(s3RetryInitialInterval, "s3-retry-initial-interval", false);
        requirePositive(s3RetryMaxInterval, "s3-retry-max-interval", false);
        require(retention == null || retention.isPositive(),
                "mediajobs.storage.retention must be positive, or unset to keep assets forever, was " + retention);
        require(s3RetryMaxInterval.compareTo(s3RetryInitialInterval) >= 0,
                "mediajobs.storage.s3-retry-max-interval (" + s3RetryMaxInterval
                        + ") must not be shorter than mediajobs.storage.s3-retry-initial-interval (" + s3RetryInitialInterval + ")");
    }

    private static void requirePositive(Duration value, String name, boolean zeroAllowed) {
        require(value != null, "mediajobs.storage." + name + " must be set");
        require(zeroAllowed ? !value.isNegative() : value.isPositive(),
                "mediajobs.storage." + name + " must be " + (zeroAllowed ? "zero or positive" : "positive") + ", was " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
