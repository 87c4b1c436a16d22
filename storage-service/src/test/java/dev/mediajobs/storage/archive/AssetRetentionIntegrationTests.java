package dev.mediajobs.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.storage.testing.S3ErrorServer;
import dev.mediajobs.support.testing.FreePorts;
import dev.mediajobs.support.testing.TestS3;
import io.minio.GetBucketLifecycleArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.SetBucketLifecycleArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Expiration;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code mediajobs.storage.retention} as a bucket lifecycle rule, against a real S3 (S3Mock). */
@ExtendWith(OutputCaptureExtension.class)
class AssetRetentionIntegrationTests {

    private static final LifecycleRule OPERATORS_RULE = new LifecycleRule(Status.ENABLED, null,
            new Expiration((ZonedDateTime) null, 7, null), new RuleFilter("logs/"), "operators-logs", null, null, null);

    private static MinioClient s3;

    @BeforeAll
    static void connect() {
        s3 = minio(TestS3.endpoint());
    }

    private static MinioClient minio(String endpoint) {
        return MinioClient.builder().endpoint(endpoint).region("us-east-1")
                .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY).build();
    }

    private static String newBucket() throws Exception {
        String bucket = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        return bucket;
    }

    @Test
    void aFreshBucketGetsAnExpirationForTheTenantsPrefix() throws Exception {
        String bucket = newBucket();

        assertThat(new AssetRetention(Duration.ofHours(36)).apply(s3, bucket)).isEqualTo(AssetRetention.Outcome.APPLIED);

        List<LifecycleRule> rules = rules(bucket);
        assertThat(rules).hasSize(1);
        assertThat(rules.getFirst().id()).isEqualTo(AssetRetention.RULE_ID);
        assertThat(rules.getFirst().status()).isEqualTo(Status.ENABLED);
        assertThat(rules.getFirst().filter().prefix()).isEqualTo("tenants/");
        assertThat(rules.getFirst().expiration().days()).as("36 hours, rounded up to days").isEqualTo(2);
    }

    @Test
    void otherRulesOnTheBucketAreKeptAndApplyingAgainChangesNothing() throws Exception {
        String bucket = newBucket();
        s3.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                .config(new LifecycleConfiguration(List.of(OPERATORS_RULE))).build());

        assertThat(new AssetRetention(Duration.ofDays(30)).apply(s3, bucket)).isEqualTo(AssetRetention.Outcome.APPLIED);
        assertThat(new AssetRetention(Duration.ofDays(30)).apply(s3, bucket)).isEqualTo(AssetRetention.Outcome.UNCHANGED);
        assertThat(new AssetRetention(Duration.ofDays(45)).apply(s3, bucket)).isEqualTo(AssetRetention.Outcome.APPLIED);

        List<LifecycleRule> rules = rules(bucket);
        assertThat(rules).extracting(LifecycleRule::id).containsExactlyInAnyOrder("operators-logs", AssetRetention.RULE_ID);
        assertThat(rules).filteredOn(r -> r.id().equals(AssetRetention.RULE_ID)).singleElement()
                .satisfies(r -> assertThat(r.expiration().days()).isEqualTo(45));
        assertThat(rules).filteredOn(r -> r.id().equals("operators-logs")).singleElement()
                .satisfies(r -> {
                    assertThat(r.filter().prefix()).isEqualTo("logs/");
                    assertThat(r.expiration().days()).isEqualTo(7);
                });
    }

    @Test
    void unsettingTheRetentionRemovesOnlyTheRuleItPutThere() throws Exception {
        String shared = newBucket();
        s3.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(shared)
                .config(new LifecycleConfiguration(List.of(OPERATORS_RULE))).build());
        new AssetRetention(Duration.ofDays(10)).apply(s3, shared);
        String ours = newBucket();
        new AssetRetention(Duration.ofDays(10)).apply(s3, ours);

        assertThat(AssetRetention.keepForever().apply(s3, shared)).isEqualTo(AssetRetention.Outcome.REMOVED);
        assertThat(AssetRetention.keepForever().apply(s3, ours)).isEqualTo(AssetRetention.Outcome.REMOVED);

        assertThat(rules(shared)).extracting(LifecycleRule::id).containsExactly("operators-logs");
        assertThat(rules(ours)).isEmpty();
        assertThat(AssetRetention.keepForever().apply(s3, ours)).isEqualTo(AssetRetention.Outcome.UNCHANGED);
    }

    @Test
    void aServerWithoutLifecycleSupportGetsAWarningAndTheServiceCarriesOn(CapturedOutput output) throws Exception {
        try (S3ErrorServer server = S3ErrorServer.start(501, "NotImplemented")) {
            assertThat(new AssetRetention(Duration.ofDays(30)).apply(minio(server.endpoint()), "assets"))
                    .isEqualTo(AssetRetention.Outcome.UNSUPPORTED);

            assertThat(server.requests()).first().asString().startsWith("GET /assets?lifecycle");
            assertThat(output).contains("could not apply mediajobs.storage.retention=PT720H",
                    "does not support bucket lifecycle configuration", "Assets are KEPT");

            BucketInitializer initializer = new BucketInitializer(minio(server.endpoint()), "assets", server.endpoint(),
                    Duration.ofSeconds(1), false, new AssetRetention(Duration.ofDays(30)));
            assertThat(initializer.tryOnce(1)).as("not a reason to keep retrying").isTrue();
            assertThat(initializer.retentionOutcome()).isEqualTo(AssetRetention.Outcome.UNSUPPORTED);
        }
    }

    @Test
    void credentialsThatMayNotChangeLifecycleAreWarnedAbout(CapturedOutput output) throws Exception {
        try (S3ErrorServer server = S3ErrorServer.start(403, "AccessDenied")) {
            assertThat(new AssetRetention(Duration.ofDays(3)).apply(minio(server.endpoint()), "assets"))
                    .isEqualTo(AssetRetention.Outcome.REFUSED);
            assertThat(output).contains("the credentials may not read or change the bucket's lifecycle configuration");
        }
    }

    @Test
    void s3TroubleIsLeftToTheCallerToRetry() {
        try (S3ErrorServer server = S3ErrorServer.start(500, "InternalError")) {
            assertThatThrownBy(() -> new AssetRetention(Duration.ofDays(3)).apply(minio(server.endpoint()), "assets"))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.errorResponse().code()).isEqualTo("InternalError"));
        }
        BucketInitializer unreachable = new BucketInitializer(minio("http://127.0.0.1:" + FreePorts.next()), "assets",
                "unreachable", Duration.ofSeconds(1), true, new AssetRetention(Duration.ofDays(3)));
        assertThat(unreachable.tryOnce(1)).isFalse();
        assertThat(unreachable.retentionOutcome()).isNull();
    }

    @Test
    void theBucketInitializerCreatesTheBucketAndAppliesTheRetention() throws Exception {
        String bucket = "retention-init-" + UUID.randomUUID().toString().substring(0, 8);
        BucketInitializer initializer = new BucketInitializer(s3, bucket, TestS3.endpoint(), Duration.ofSeconds(1), true,
                new AssetRetention(Duration.ofDays(90)));

        assertThat(initializer.tryOnce(1)).isTrue();

        assertThat(initializer.isReady()).isTrue();
        assertThat(initializer.retentionOutcome()).isEqualTo(AssetRetention.Outcome.APPLIED);
        assertThat(rules(bucket)).singleElement().satisfies(r -> assertThat(r.expiration().days()).isEqualTo(90));
    }

    @Test
    @Disabled("S3Mock stores lifecycle configuration but never runs it (no object is ever expired), and the shortest "
            + "expiration S3 accepts is one day; that S3 deletes expired objects is the S3 provider's contract")
    void expiredAssetsAreDeletedByS3() {
    }

    private static List<LifecycleRule> rules(String bucket) throws Exception {
        try {
            LifecycleConfiguration config = s3.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket).build());
            return config == null ? List.of() : config.rules();
        } catch (ErrorResponseException e) {
            if (e.errorResponse().code().equals("NoSuchLifecycleConfiguration")) {
                return List.of();
            }
            throw e;
        }
    }
}
