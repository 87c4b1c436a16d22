package dev.mediajobs.api.uploads;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Hashing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Keeps uploads in S3 at {@code tenants/<tenant>/uploads/<id>.<ext>}. The object's user metadata (tenant, SHA-256,
 * media type) is the only record of an upload, so uploads survive the loss of Redis and need no other store.
 *
 * <p>A streamed upload goes to a staging key first, with unknown size in multipart parts (memory stays at about one
 * part however large the file), while its SHA-256 is computed on the way. Only then, knowing checksum and size, is it
 * copied server-side to its final key with its metadata: an object under {@code uploads/} is always complete.
 */
public class UploadStore {

    public static final String REFERENCE_PREFIX = "upload:";
    /** S3's smallest multipart part; the memory one upload in flight holds. */
    static final long PART_SIZE = 5L * 1024 * 1024;
    static final String META_TENANT = "tenant";
    static final String META_SHA256 = "sha256";
    static final String META_MEDIA_TYPE = "media-type";
    static final String META_SOURCE = "source";

    private static final Logger log = LoggerFactory.getLogger(UploadStore.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> BUCKET_ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");
    private static final Set<String> NOT_THERE = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    /** Where a body came from, for logs and metrics. */
    public enum Source { RAW, MULTIPART, INLINE }

    /** A presigned GET URL and when it stops working. */
    public record PresignedUrl(String url, Instant expiresAt) {
    }

    private final MinioClient s3;
    private final MinioClient presigner;
    private final String bucket;
    private final Clock clock;
    private final MeterRegistry registry;
    private final DistributionSummary sizes;
    private volatile boolean bucketReady;

    /**
     * @param presigner signs download URLs; a client for the public endpoint when providers reach S3 by another name
     */
    public UploadStore(MinioClient s3, MinioClient presigner, String bucket, Clock clock, MeterRegistry registry) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
        this.registry = registry;
        this.sizes = DistributionSummary.builder("mediajobs.uploads.size").baseUnit("bytes")
                .description("size of stored uploads").register(registry);
    }

    public static String objectKey(String tenant, String id, String contentType) {
        return "tenants/" + tenant + "/uploads/" + id + "." + UploadMediaTypes.extension(contentType);
    }

    static String stagingKey(String tenant, String id) {
        return "staging/tenants/" + tenant + "/uploads/" + id;
    }

    /**
     * Streams a body into S3.
     *
     * @param declaredType the client's Content-Type (of the request or of the multipart part)
     * @throws ApiProblem 415 for a type that is not accepted or bytes that are not of it, 413 beyond {@code maxBytes},
     *                    400 for an empty or unreadable body, 503 when S3 does not answer
     */
    public StoredUpload store(String tenant, String declaredType, InputStream body, long maxBytes, Source source) {
        String type = UploadMediaTypes.normalize(declaredType);
        if (!UploadMediaTypes.isSupported(type)) {
            throw rejected("type", new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    (type == null ? "the upload has no Content-Type" : "Content-Type " + type + " is not accepted")
                            + "; send one of " + UploadMediaTypes.supportedList()));
        }
        SizeLimitedInputStream limited = new SizeLimitedInputStream(body, maxBytes);
        byte[] head;
        try {
            head = limited.readNBytes(UploadMediaTypes.SNIFF_BYTES);
        } catch (IOException e) {
            throw bodyFailure(limited, e, maxBytes);
        }
        checkBytes(type, head);

        String id = UUID.randomUUID().toString();
        String staging = stagingKey(tenant, id);
        MessageDigest sha256 = Hashing.newSha256();
        InputStream content = new DigestInputStream(new SequenceInputStream(new ByteArrayInputStream(head), limited), sha256);
        ensureBucket();
        try {
            s3.putObject(PutObjectArgs.builder().bucket(bucket).object(staging)
                    .stream(content, -1, PART_SIZE).contentType(type).build());
        } catch (Exception e) {
            if (limited.exceeded() || limited.sourceFailure() != null) {
                removeQuietly(staging);
                throw bodyFailure(limited, limited.sourceFailure(), maxBytes);
            }
            throw unavailable("store upload " + id + " of tenant " + tenant, e);
        }
        StoredUpload upload = new StoredUpload(id, tenant, objectKey(tenant, id, type), type, limited.count(),
                HexFormat.of().formatHex(sha256.digest()));
        try {
            s3.copyObject(CopyObjectArgs.builder().bucket(bucket).object(upload.key())
                    .source(CopySource.builder().bucket(bucket).object(staging).build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", type))
                    .userMetadata(metadata(upload, source))
                    .build());
        } catch (Exception e) {
            removeQuietly(staging);
            throw unavailable("store upload " + id + " of tenant " + tenant, e);
        }
        removeQuietly(staging);
        stored(upload, source);
        return upload;
    }

    /**
     * The upload an inline ({@code data:}) input becomes, before it is written. Its id follows from tenant and
     * content, so a repeated submit of the same input names (and rewrites) the same object.
     */
    public StoredUpload describeInline(String tenant, String contentType, byte[] bytes) {
        String sha256 = Hashing.sha256Hex(bytes);
        String id = UUID.nameUUIDFromBytes((tenant + "\n" + contentType + "\n" + sha256).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new StoredUpload(id, tenant, objectKey(tenant, id, contentType), contentType, bytes.length, sha256);
    }

    /** Writes an inline input that {@link #describeInline} described; its bytes are in memory already. */
    public void putInline(StoredUpload upload, byte[] bytes) {
        ensureBucket();
        try {
            s3.putObject(PutObjectArgs.builder().bucket(bucket).object(upload.key())
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(upload.contentType())
                    .userMetadata(metadata(upload, Source.INLINE))
                    .build());
        } catch (Exception e) {
            throw unavailable("store inline input " + upload.id() + " of tenant " + upload.tenant(), e);
        }
        stored(upload, Source.INLINE);
    }

    /**
     * The tenant's upload with this id; empty for an unknown id and for another tenant's upload (the key is under the
     * tenant, and the metadata must name it too).
     */
    public Optional<StoredUpload> find(String tenant, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        String prefix = "tenants/" + tenant + "/uploads/" + id + ".";
        try {
            for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .maxKeys(10).build())) {
                Item item = result.get();
                Optional<StoredUpload> upload = read(tenant, id, item.objectName());
                if (upload.isPresent()) {
                    return upload;
                }
            }
            return Optional.empty();
        } catch (ErrorResponseException e) {
            if (NOT_THERE.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw unavailable("look up upload " + id + " of tenant " + tenant, e);
        } catch (Exception e) {
            throw unavailable("look up upload " + id + " of tenant " + tenant, e);
        }
    }

    private Optional<StoredUpload> read(String tenant, String id, String key) throws Exception {
        StatObjectResponse stat = s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        Map<String, String> meta = new LinkedHashMap<>();
        stat.userMetadata().forEach((k, v) -> meta.put(k.toLowerCase(Locale.ROOT), v));
        String type = UploadMediaTypes.normalize(meta.getOrDefault(META_MEDIA_TYPE, stat.contentType()));
        String sha256 = meta.get(META_SHA256);
        if (!tenant.equals(meta.get(META_TENANT)) || sha256 == null || !UploadMediaTypes.isSupported(type)
                || !key.equals(objectKey(tenant, id, type))) {
            log.warn("ignoring object {}: not an upload of tenant {} (metadata {})", key, tenant, meta.keySet());
            return Optional.empty();
        }
        return Optional.of(new StoredUpload(id, tenant, key, type, stat.size(), sha256));
    }

    /** A GET URL for the upload; computed locally, no call to S3. */
    public PresignedUrl presign(StoredUpload upload, Duration lifetime) {
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        try {
            String url = presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket).object(upload.key()).expiry((int) lifetime.toSeconds()).build());
            return new PresignedUrl(url, expiresAt);
        } catch (Exception e) {
            throw unavailable("presign upload " + upload.id(), e);
        }
    }

    private void checkBytes(String type, byte[] head) {
        if (head.length == 0) {
            throw rejected("empty", ApiProblem.malformedBody(null, "the upload is empty"));
        }
        if (!UploadMediaTypes.matches(type, head)) {
            throw rejected("mismatch", new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    mismatch(type, head)));
        }
    }

    /** The message for bytes that are not of their declared type; shared with inline inputs. */
    static String mismatch(String type, byte[] head) {
        return "the content is declared " + type + " but its bytes are not " + type
                + UploadMediaTypes.detect(head).map(t -> " (they look like " + t + ")").orElse("")
                + "; declare the file's real type";
    }

    /** 413 for an upload beyond the limit; also answered before reading when the Content-Length says so. */
    ApiProblem tooLarge(long maxBytes) {
        return rejected("too_large", new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE,
                "the upload is larger than " + maxBytes + " bytes (mediajobs.api.uploads.max-bytes)"));
    }

    private ApiProblem bodyFailure(SizeLimitedInputStream limited, IOException cause, long maxBytes) {
        if (limited.exceeded()) {
            return tooLarge(maxBytes);
        }
        if (cause instanceof MultipartFileReader.MalformedMultipartException m) {
            return rejected("malformed", ApiProblem.malformedBody(null, m.getMessage()));
        }
        return rejected("unreadable", ApiProblem.malformedBody(null, "the upload could not be read to its end"));
    }

    ApiProblem rejected(String reason, ApiProblem problem) {
        Counter.builder("mediajobs.uploads.rejected").tag("reason", reason)
                .description("uploads refused").register(registry).increment();
        return problem;
    }

    private void stored(StoredUpload upload, Source source) {
        Counter.builder("mediajobs.uploads.stored").tag("source", source.name().toLowerCase(Locale.ROOT))
                .description("uploads and inline inputs stored in S3").register(registry).increment();
        sizes.record(upload.sizeBytes());
        log.info("upload {} of tenant {} stored ({}): {} bytes of {}, sha256 {}", upload.id(), upload.tenant(),
                source.name().toLowerCase(Locale.ROOT), upload.sizeBytes(), upload.contentType(), upload.sha256());
    }

    private static Map<String, String> metadata(StoredUpload upload, Source source) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_TENANT, upload.tenant());
        meta.put(META_SHA256, upload.sha256());
        meta.put(META_MEDIA_TYPE, upload.contentType());
        meta.put(META_SOURCE, source.name().toLowerCase(Locale.ROOT));
        return meta;
    }

    /** Creates the bucket on first use: the storage-service normally has, but the api-service may start first. */
    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    log.info("created S3 bucket {}", bucket);
                } catch (ErrorResponseException e) {
                    if (!BUCKET_ALREADY_THERE.contains(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            bucketReady = true;
        } catch (Exception e) {
            throw unavailable("check bucket " + bucket, e);
        }
    }

    private void removeQuietly(String key) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            // a leftover staging object costs space, not correctness; a lifecycle rule on staging/ removes it
            log.warn("could not remove staging object {}: {}", key, e.toString());
        }
    }

    private ApiProblem unavailable(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        // the exception names the endpoint and S3's error code, never the credentials
        log.warn("could not {} in bucket {}: {}", what, bucket, e.toString());
        return ApiProblem.unavailable("the upload store is unavailable; retry later");
    }
}
