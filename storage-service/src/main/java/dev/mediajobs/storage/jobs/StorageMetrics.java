package dev.mediajobs.storage.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The storage-service's own metrics (next to the shared {@code mediajobs.job.*} ones):
 * <ul>
 *   <li>{@code mediajobs.storage.bytes{provider}}: bytes stored in S3;</li>
 *   <li>{@code mediajobs.storage.assets{provider,outcome}}: assets handled, by outcome {@code stored},
 *       {@code asset_unreachable}, {@code asset_checksum_mismatch} or {@code storage_unavailable} (S3 failed; the
 *       asset is retried later);</li>
 *   <li>{@code mediajobs.storage.duration{provider}}: download-and-store time of each stored asset.</li>
 * </ul>
 */
public class StorageMetrics {

    static final String STORED = "stored";
    static final String STORAGE_UNAVAILABLE = "storage_unavailable";

    private final MeterRegistry registry;

    public StorageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void stored(String provider, long bytes, Duration took) {
        Counter.builder("mediajobs.storage.bytes")
                .description("Bytes of provider assets stored in S3")
                .baseUnit("bytes")
                .tag("provider", tag(provider))
                .register(registry)
                .increment(bytes);
        Timer.builder("mediajobs.storage.duration")
                .description("Time to download one asset from the provider and store it in S3")
                .tag("provider", tag(provider))
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
        outcome(provider, STORED);
    }

    public void outcome(String provider, String outcome) {
        Counter.builder("mediajobs.storage.assets")
                .description("Provider assets handled by the storage-service, by outcome")
                .tag("provider", tag(provider))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String tag(String value) {
        return value == null ? "unknown" : value;
    }
}
