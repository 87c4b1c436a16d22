package dev.mediajobs.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.storage.testing.GeneratedBytes;
import dev.mediajobs.storage.testing.ShortBodyHttpClient;
import dev.mediajobs.storage.testing.TestAssetServer;
import dev.mediajobs.support.s3.AssetKeys;
import dev.mediajobs.support.testing.FreePorts;
import dev.mediajobs.support.testing.TestS3;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link AssetArchiver} against a real S3 (S3Mock) and a real HTTP source, no Spring. */
class AssetArchiverIntegrationTests {

    private static final String BUCKET = "archiver-it";
    private static final String TENANT = "acme";

    private static TestAssetServer source;
    private static MinioClient s3;
    private static HttpClient http;
    private static AssetArchiver archiver;

    @BeforeAll
    static void start() {
        source = TestAssetServer.start();
        s3 = minio(TestS3.endpoint());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NORMAL).build();
        archiver = new AssetArchiver(http, s3, BUCKET, settings(3, Duration.ofSeconds(30)));
        BucketInitializer buckets = new BucketInitializer(s3, BUCKET, TestS3.endpoint(), Duration.ofSeconds(1));
        assertThat(buckets.tryOnce(1)).isTrue();
        assertThat(new BucketInitializer(s3, BUCKET, TestS3.endpoint(), Duration.ofSeconds(1)).tryOnce(1))
                .as("an existing bucket is fine").isTrue();
    }

    @AfterAll
    static void stop() {
        source.close();
        http.close();
    }

    private static MinioClient minio(String endpoint) {
        return MinioClient.builder().endpoint(endpoint).region("us-east-1")
                .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY).build();
    }

    private static DownloadSettings settings(int attempts, Duration bodyTimeout) {
        return new DownloadSettings(attempts, Duration.ofMillis(20), Duration.ofSeconds(5), bodyTimeout);
    }

    @Test
    void storesTheExactBytesAndTheDeclaredContentType() throws Exception {
        GeneratedBytes bytes = new GeneratedBytes(1, 200_000);
        String jobId = JobIds.random();

        StoredAsset stored = archiver.archive(TENANT, jobId, 0,
                new ProviderAsset(source.url("/bytes/1/200000?token=secret"), "image/png", bytes.sha256()));

        assertThat(stored.index()).isZero();
        assertThat(stored.bucket()).isEqualTo(BUCKET);
        assertThat(stored.key()).isEqualTo(AssetKeys.objectKey(TENANT, jobId, 0, "image/png")).endsWith("/0.png");
        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(stored.sizeBytes()).isEqualTo(200_000);
        assertThat(stored.sha256()).isEqualTo(bytes.sha256());
        assertThat(stored.downloadUrl()).isNull();
        assertStoredObject(stored, bytes);
        assertThat(s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(stored.key()).build()).contentType())
                .isEqualTo("image/png");
    }

    @Test
    void streamsALargeAssetOfUnknownLengthInSeveralParts() throws Exception {
        GeneratedBytes bytes = new GeneratedBytes(30, 30L * 1024 * 1024 + 12_345); // > 3 parts of 10 MiB
        String jobId = JobIds.random();

        StoredAsset stored = archiver.archive(TENANT, jobId, 1,
                ProviderAsset.ofUrl(source.url("/bytes/30/" + bytes.size() + "?chunked=true&type=video/mp4")));

        assertThat(stored.key()).endsWith("/1.mp4");
        assertThat(stored.contentType()).as("from the response header").isEqualTo("video/mp4");
        assertThat(stored.sizeBytes()).isEqualTo(bytes.size());
        assertThat(stored.sha256()).isEqualTo(bytes.sha256());
        assertStoredObject(stored, bytes);
        // a multipart upload's ETag is "<md5 of the part md5s>-<part count>": 30 MiB + a bit = 4 parts of 10 MiB
        assertThat(s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(stored.key()).build()).etag())
                .endsWith("-4");
    }

    @Test
    void withoutAnyContentTypeStoresOctetStream() throws Exception {
        StoredAsset stored = archiver.archive(TENANT, JobIds.random(), 0, ProviderAsset.ofUrl(source.url("/bytes/2/10")));

        assertThat(stored.contentType()).isEqualTo("application/octet-stream");
        assertThat(stored.key()).endsWith("/0.bin");
    }

    @Test
    void storingAgainOverwritesTheSameKeyWithTheSameBytes() throws Exception {
        String jobId = JobIds.random();
        ProviderAsset asset = new ProviderAsset(source.url("/bytes/3/5000"), "audio/wav", null);

        StoredAsset first = archiver.archive(TENANT, jobId, 0, asset);
        StoredAsset second = archiver.archive(TENANT, jobId, 0, asset);

        assertThat(second).isEqualTo(first);
        assertStoredObject(second, new GeneratedBytes(3, 5000));
    }

    @Test
    void followsRedirects() throws Exception {
        StoredAsset stored = archiver.archive(TENANT, JobIds.random(), 0,
                ProviderAsset.ofUrl(source.url("/redirect/bytes/4/777?type=text/plain")));

        assertThat(stored.sha256()).isEqualTo(new GeneratedBytes(4, 777).sha256());
        assertThat(stored.key()).endsWith("/0.txt");
    }

    @Test
    void aChecksumMismatchFailsAndRemovesTheObject() {
        String jobId = JobIds.random();
        String wrong = Hashing.sha256Hex("something else");

        assertThatThrownBy(() -> archiver.archive(TENANT, jobId, 0,
                new ProviderAsset(source.url("/bytes/5/4096"), "image/png", wrong)))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains("asset 0", wrong, new GeneratedBytes(5, 4096).sha256());
                });
        assertNoObject(AssetKeys.objectKey(TENANT, jobId, 0, "image/png"));
    }

    @Test
    void aMissingAssetIsUnreachableAtOnceAndTheMessageHidesTheSignedQuery() {
        assertThatThrownBy(() -> archiver.archive(TENANT, JobIds.random(), 2,
                ProviderAsset.ofUrl(source.url("/status/404?X-Amz-Signature=supersecret&token=abc"))))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("asset 2", "404", source.url("/status/404"))
                            .doesNotContain("?", "supersecret", "token");
                });
        assertThat(source.requestCount("/status/404")).as("no retries for a 404").isEqualTo(1);
    }

    @Test
    void forbiddenAndGoneAreUnreachableToo() {
        for (int status : new int[] {401, 403, 410}) {
            assertThatThrownBy(() -> archiver.archive(TENANT, JobIds.random(), 0,
                    ProviderAsset.ofUrl(source.url("/status/" + status))))
                    .isInstanceOfSatisfying(AssetUnusableException.class, e -> assertThat(e.getMessage()).contains("HTTP " + status));
        }
    }

    @Test
    void serverErrorsAreRetriedUntilTheAssetArrives() throws Exception {
        StoredAsset stored = archiver.archive(TENANT, JobIds.random(), 0,
                ProviderAsset.ofUrl(source.url("/flaky/2/retry-ok/6/9000")));

        assertThat(stored.sha256()).isEqualTo(new GeneratedBytes(6, 9000).sha256());
        assertThat(source.requestCount("/flaky/2/retry-ok/6/9000")).isEqualTo(3);
        assertStoredObject(stored, new GeneratedBytes(6, 9000));
    }

    @Test
    void serverErrorsBeyondTheAttemptsMakeTheAssetUnreachable() {
        assertThatThrownBy(() -> archiver.archive(TENANT, JobIds.random(), 1,
                ProviderAsset.ofUrl(source.url("/flaky/5/retry-fail/7/100?sig=hidden"))))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("asset 1", "HTTP 503", "3 attempts").doesNotContain("hidden");
                });
        assertThat(source.requestCount("/flaky/5/retry-fail/7/100")).isEqualTo(3);
    }

    @Test
    void aBodyCutShortIsRetriedAsADownloadFailureAndLeavesNoObject() {
        String jobId = JobIds.random();

        assertThatThrownBy(() -> archiver.archive(TENANT, jobId, 0,
                ProviderAsset.ofUrl(source.url("/truncated/8/100000"))))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("broke off after", "3 attempts");
                });
        assertThat(source.requestCount("/truncated/8/100000")).isEqualTo(3);
        assertNoObject(AssetKeys.objectKey(TENANT, jobId, 0, null));
    }

    @Test
    void aBodyDisagreeingWithItsContentLengthFailsTheAssetAndLeavesNoObject() {
        ShortBodyHttpClient shortBodies = new ShortBodyHttpClient(5_000, new byte[1_234]);
        AssetArchiver archiverOverHttp2 = new AssetArchiver(shortBodies, s3, BUCKET, settings(2, Duration.ofSeconds(30)));
        String jobId = JobIds.random();

        assertThatThrownBy(() -> archiverOverHttp2.archive(TENANT, jobId, 0, ProviderAsset.ofUrl("https://cdn.example/0.png")))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("Content-Length 5000 but sent 1234 bytes", "2 attempts");
                });
        assertThat(shortBodies.requests()).isEqualTo(2);
        assertNoObject(AssetKeys.objectKey(TENANT, jobId, 0, "image/png"));
    }

    private static void assertNoObject(String key) {
        assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
    }

    @Test
    void aStalledDownloadIsAbandonedAfterTheBodyTimeout() {
        AssetArchiver impatient = new AssetArchiver(http, s3, BUCKET, settings(2, Duration.ofMillis(300)));

        assertThatThrownBy(() -> impatient.archive(TENANT, JobIds.random(), 0,
                ProviderAsset.ofUrl(source.url("/stall/9/100000"))))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("timeout");
                });
        assertThat(source.requestCount("/stall/9/100000")).isEqualTo(2);
    }

    @Test
    void anUnreachableHostIsRetriedThenUnreachable() {
        String closed = "http://127.0.0.1:" + FreePorts.next() + "/gone.png?token=t0ps3cret";

        assertThatThrownBy(() -> archiver.archive(TENANT, JobIds.random(), 0, ProviderAsset.ofUrl(closed)))
                .isInstanceOfSatisfying(AssetUnusableException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("asset 0", "/gone.png").doesNotContain("t0ps3cret");
                });
    }

    @Test
    void aUselessUrlIsUnreachableWithoutAnyRequest() {
        assertThatThrownBy(() -> archiver.archive(TENANT, JobIds.random(), 0, ProviderAsset.ofUrl("file:///etc/passwd")))
                .isInstanceOfSatisfying(AssetUnusableException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE));
        assertThatThrownBy(() -> archiver.archive(TENANT, JobIds.random(), 0, new ProviderAsset(null, null, null)))
                .isInstanceOf(AssetUnusableException.class);
    }

    @Test
    void anUnavailableS3IsNotTheJobsFault() {
        AssetArchiver noS3 = new AssetArchiver(http, minio("http://127.0.0.1:" + FreePorts.next()), BUCKET,
                settings(3, Duration.ofSeconds(30)));

        assertThatThrownBy(() -> noS3.archive(TENANT, JobIds.random(), 0, ProviderAsset.ofUrl(source.url("/bytes/10/1000"))))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining(BUCKET);
        assertThat(source.requestCount("/bytes/10/1000")).as("an S3 failure is not retried as a download").isEqualTo(1);
    }

    @Test
    void aMissingBucketIsNotTheJobsFaultEither() {
        AssetArchiver wrongBucket = new AssetArchiver(http, s3, "no-such-bucket-here", settings(3, Duration.ofSeconds(30)));

        assertThatThrownBy(() -> wrongBucket.archive(TENANT, JobIds.random(), 0, ProviderAsset.ofUrl(source.url("/bytes/11/1000"))))
                .isInstanceOf(StorageUnavailableException.class);
    }

    private static void assertStoredObject(StoredAsset stored, GeneratedBytes expected) throws Exception {
        MessageDigest digest = Hashing.newSha256();
        long size = 0;
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(stored.bucket()).object(stored.key()).build())) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        assertThat(size).isEqualTo(expected.size());
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expected.sha256());
    }
}
