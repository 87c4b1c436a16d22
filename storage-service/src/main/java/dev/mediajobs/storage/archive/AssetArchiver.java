package dev.mediajobs.storage.archive;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.support.s3.AssetKeys;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one provider asset into S3 and describes what was stored.
 *
 * <p>The body is streamed: the JDK client's response stream, counted and SHA-256-hashed on the way, is handed to the
 * MinIO client with an unknown size, which uploads it in {@value #PART_SIZE_MIB} MiB multipart parts. At most one part
 * per upload is in memory, whatever the asset's size.
 *
 * <p>Whose fault is a failure decides what happens next:
 * <ul>
 *   <li>the provider's URL answers 401/403/404/410 or another non-transient status: {@link AssetUnusableException}
 *       with {@code asset_unreachable} at once, as retrying cannot help;</li>
 *   <li>5xx, 408, 425, 429, connection errors, a body cut short or stalled: retried up to
 *       {@link DownloadSettings#attempts()} times with doubling backoff, then {@code asset_unreachable};</li>
 *   <li>a body whose length differs from its {@code Content-Length}: the object is deleted and the download
 *       retried like a transient failure, then {@code asset_unreachable};</li>
 *   <li>bytes differing from the provider's published checksum: the object is deleted and
 *       {@code asset_checksum_mismatch};</li>
 *   <li>S3 holding a size other than the bytes sent (checked with a HEAD after every store): retried as below;</li>
 *   <li>anything S3 does wrong: {@link StorageUnavailableException}, never a job failure.</li>
 * </ul>
 *
 * <p>Redirects are followed ({@link HttpClient.Redirect#NORMAL}, i.e. never from https to http): provider CDNs and
 * presigned-URL front ends commonly answer with a 302 to the actual object. The client is configured by the caller.
 *
 * <p>Keys are deterministic ({@link AssetKeys}), so storing the same asset again overwrites the same object with the
 * same bytes: a redelivered job is harmless.
 */
public class AssetArchiver {

    static final int PART_SIZE_MIB = 10;
    static final long PART_SIZE = PART_SIZE_MIB * 1024L * 1024L;
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private static final Logger log = LoggerFactory.getLogger(AssetArchiver.class);

    private final HttpClient http;
    private final MinioClient s3;
    private final String bucket;
    private final DownloadSettings settings;

    public AssetArchiver(HttpClient http, MinioClient s3, String bucket, DownloadSettings settings) {
        this.http = Objects.requireNonNull(http, "http");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Downloads asset {@code index} of job {@code jobId} and stores it under its deterministic key.
     *
     * @throws AssetUnusableException      the asset cannot be had or is corrupt; the job should fail with its code
     * @throws StorageUnavailableException S3 failed; the caller should retry later without failing the job
     */
    public StoredAsset archive(String tenant, String jobId, int index, ProviderAsset asset) throws AssetUnusableException {
        URI uri = downloadUri(index, asset);
        String what = "asset " + index + " (" + RedactedUrls.of(uri) + ")";
        Duration backoff = settings.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(tenant, jobId, index, asset, uri, what);
            } catch (TransientDownloadException e) {
                String reason = RedactedUrls.scrub(e.getMessage(), uri);
                if (attempt >= settings.attempts()) {
                    throw new AssetUnusableException(ErrorCodes.ASSET_UNREACHABLE,
                            what + ": " + reason + " (gave up after " + attempt + " attempts)");
                }
                log.warn("job {}: download of {} failed on attempt {} of {}: {}; retrying in {} ms", jobId, what,
                        attempt, settings.attempts(), reason, backoff.toMillis());
                pause(backoff, jobId, what);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private StoredAsset attempt(String tenant, String jobId, int index, ProviderAsset asset, URI uri, String what)
            throws TransientDownloadException, AssetUnusableException {
        HttpResponse<InputStream> response = send(uri);
        InputStream body = response.body();
        try {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return store(tenant, jobId, index, asset, response, body, what);
            }
            if (isTransient(status)) {
                throw new TransientDownloadException("HTTP " + status);
            }
            throw new AssetUnusableException(ErrorCodes.ASSET_UNREACHABLE, what + ": HTTP " + status);
        } finally {
            closeQuietly(body);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the body was consumed or is being abandoned; nothing depends on a clean close
        }
    }

    private HttpResponse<InputStream> send(URI uri) throws TransientDownloadException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(settings.responseTimeout()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransientDownloadException(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while downloading; the job will be retried", e);
        }
    }

    private StoredAsset store(String tenant, String jobId, int index, ProviderAsset asset,
                              HttpResponse<InputStream> response, InputStream body, String what)
            throws TransientDownloadException, AssetUnusableException {
        String contentType = firstNonBlank(asset.contentType(), response.headers().firstValue("Content-Type").orElse(null),
                DEFAULT_CONTENT_TYPE);
        String key = AssetKeys.objectKey(tenant, jobId, index, contentType);
        DownloadStream source = new DownloadStream(body);
        MessageDigest sha256 = Hashing.newSha256();
        // a stalled body would otherwise block this listener thread (and its partitions) forever
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(source::expire,
                CompletableFuture.delayedExecutor(settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS));
        try {
            s3.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .stream(new DigestInputStream(source, sha256), -1, PART_SIZE)
                    .contentType(contentType)
                    .build());
        } catch (Exception e) {
            if (source.failure() != null) {
                throw new TransientDownloadException("download broke off after " + source.count() + " bytes: "
                        + describe(source.failure()));
            }
            throw new StorageUnavailableException("S3 failed storing " + bucket + "/" + key + ": " + describe(e), e);
        } finally {
            watchdog.cancel(false);
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared >= 0 && declared != source.count()) {
            // the object holds the wrong bytes: it must not outlive this attempt, even if it is the last one
            remove(key);
            throw new TransientDownloadException("the source declared Content-Length " + declared + " but sent "
                    + source.count() + " bytes");
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        String expected = asset.expectedSha256();
        if (expected != null && !expected.isBlank() && !expected.trim().equalsIgnoreCase(actual)) {
            remove(key);
            throw new AssetUnusableException(ErrorCodes.ASSET_CHECKSUM_MISMATCH, what + ": SHA-256 of the "
                    + source.count() + " bytes received is " + actual + ", the provider published "
                    + expected.trim().toLowerCase(Locale.ROOT));
        }
        verifyStoredSize(key, source.count());
        log.info("job {}: stored {} as {}/{} ({} bytes, {}, sha256 {})", jobId, what, bucket, key, source.count(),
                contentType, actual);
        return new StoredAsset(index, bucket, key, contentType, source.count(), actual, null);
    }

    /**
     * Asks S3 what it now holds under the key: S3 assembles a multipart upload from the parts it received, and a job
     * must not succeed on the upload call's word alone. A disagreement is S3's fault, so the store is retried.
     */
    private void verifyStoredSize(String key, long sent) {
        long held;
        try {
            held = s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
        } catch (Exception e) {
            throw new StorageUnavailableException("S3 failed describing " + bucket + "/" + key + ": " + describe(e), e);
        }
        if (held != sent) {
            throw new StorageUnavailableException("S3 holds " + held + " bytes under " + bucket + "/" + key + " but "
                    + sent + " were sent", null);
        }
    }

    /** Deletes an object this archiver wrote, e.g. a corrupt asset or the assets of a job that failed. */
    public void remove(String key) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("S3 failed deleting " + bucket + "/" + key + ": " + describe(e), e);
        }
    }

    private static URI downloadUri(int index, ProviderAsset asset) throws AssetUnusableException {
        if (asset == null || asset.url() == null || asset.url().isBlank()) {
            throw new AssetUnusableException(ErrorCodes.ASSET_UNREACHABLE, "asset " + index + " has no URL");
        }
        try {
            URI uri = new URI(asset.url().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new AssetUnusableException(ErrorCodes.ASSET_UNREACHABLE,
                        "asset " + index + " (" + RedactedUrls.of(uri) + ") is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new AssetUnusableException(ErrorCodes.ASSET_UNREACHABLE, "asset " + index + " has a malformed URL");
        }
    }

    /** Statuses worth another try: the server may answer differently in a moment. */
    static boolean isTransient(int status) {
        return status >= 500 || status == 408 || status == 425 || status == 429;
    }

    private void pause(Duration backoff, String jobId, String what) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("job " + jobId + ": interrupted before retrying " + what
                    + "; the job will be retried", e);
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** A download failure worth another attempt. */
    private static final class TransientDownloadException extends Exception {
        TransientDownloadException(String message) {
            super(message, null, false, false);
        }
    }
}
