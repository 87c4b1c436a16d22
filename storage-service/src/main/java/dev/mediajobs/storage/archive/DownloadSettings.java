package dev.mediajobs.storage.archive;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AssetArchiver} downloads.
 *
 * @param attempts        tries per asset for transient failures (5xx, 408, 425, 429, connection errors)
 * @param backoff         wait before the second attempt; doubles for each further one
 * @param responseTimeout how long to wait for the response headers
 * @param bodyTimeout     upper bound on streaming the whole body
 */
public record DownloadSettings(int attempts, Duration backoff, Duration responseTimeout, Duration bodyTimeout) {

    public DownloadSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    }
}
