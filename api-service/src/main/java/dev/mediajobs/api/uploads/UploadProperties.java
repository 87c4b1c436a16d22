package dev.mediajobs.api.uploads;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code mediajobs.api.uploads.*}: user uploads (reference images and videos) and inline {@code data:} inputs. */
@ConfigurationProperties(prefix = "mediajobs.api.uploads")
public class UploadProperties {

    /** SigV4 presigned URLs cannot live longer than this. */
    static final Duration MAX_PRESIGN_LIFETIME = Duration.ofDays(7);

    /** Largest file {@code POST /v1/uploads} accepts. */
    private DataSize maxBytes = DataSize.ofMegabytes(50);
    /** Largest decoded {@code data:} URL in {@code input.imageUrls}; the submit body limit grows by its base64 size. */
    private DataSize maxInlineBytes = DataSize.ofMegabytes(10);
    /** Lifetime of the presigned URL that replaces an {@code upload:} or {@code data:} input in a job. */
    private Duration inputUrlLifetime = Duration.ofHours(24);

    public DataSize getMaxBytes() { return maxBytes; }
    public void setMaxBytes(DataSize maxBytes) { this.maxBytes = maxBytes; }
    public DataSize getMaxInlineBytes() { return maxInlineBytes; }
    public void setMaxInlineBytes(DataSize maxInlineBytes) { this.maxInlineBytes = maxInlineBytes; }
    public Duration getInputUrlLifetime() { return inputUrlLifetime; }
    public void setInputUrlLifetime(Duration inputUrlLifetime) { this.inputUrlLifetime = inputUrlLifetime; }

    public void validate() {
        // an upload reaches its final key by one server-side copy, which S3 allows up to 5 GB
        require(maxBytes != null && maxBytes.toBytes() > 0 && maxBytes.toBytes() <= DataSize.ofGigabytes(5).toBytes(),
                "mediajobs.api.uploads.max-bytes must be 1B-5GB, e.g. 50MB");
        // the submit body holds the base64 text in memory, so keep it well below the 2 GB array limit
        require(maxInlineBytes != null && maxInlineBytes.toBytes() >= 0 && maxInlineBytes.toBytes() <= DataSize.ofMegabytes(512).toBytes(),
                "mediajobs.api.uploads.max-inline-bytes must be 0-512MB, e.g. 10MB (0 refuses data: URLs)");
        require(inputUrlLifetime != null && inputUrlLifetime.toSeconds() >= 60
                        && inputUrlLifetime.compareTo(MAX_PRESIGN_LIFETIME) <= 0,
                "mediajobs.api.uploads.input-url-lifetime must be 1m-7d (the limit of presigned URLs), e.g. 24h");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
