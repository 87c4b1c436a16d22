package dev.mediajobs.storage.archive;

import io.minio.DeleteBucketLifecycleArgs;
import io.minio.GetBucketLifecycleArgs;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mediajobs.storage.retention} as a bucket lifecycle rule: objects under {@value #PREFIX} expire after the
 * retention, counted in whole days (the unit of S3 lifecycle rules), rounded up so that nothing goes earlier than
 * configured. S3 itself deletes the objects, so no service has to be running for retention to happen.
 *
 * <p>The rule is identified by {@value #RULE_ID} and merged into the bucket's lifecycle configuration: rules that
 * operators or other components put on the bucket are kept ({@code PutBucketLifecycleConfiguration} replaces the whole
 * configuration, so writing only ours would delete theirs). Without a retention, an earlier run's rule is removed, so
 * that "keep forever" means what it says.
 *
 * <p>An S3 server without lifecycle support (some S3-compatible stores answer {@code NotImplemented}) or credentials
 * that may not change it get a warning and the service carries on: assets are then simply kept. Any other failure
 * (S3 unreachable, 5xx) escapes so that the caller retries.
 */
public final class AssetRetention {

    public static final String RULE_ID = "mediajobs-asset-retention";
    public static final String PREFIX = "tenants/";

    private static final Logger log = LoggerFactory.getLogger(AssetRetention.class);

    private static final Set<String> UNSUPPORTED = Set.of("NotImplemented", "XNotImplemented", "MethodNotAllowed");
    private static final Set<String> REFUSED = Set.of("AccessDenied", "AllAccessDisabled");
    private static final Set<String> NO_CONFIGURATION = Set.of("NoSuchLifecycleConfiguration");

    /** What {@link #apply} did. */
    public enum Outcome {
        /** our rule was written */
        APPLIED,
        /** an earlier run's rule was removed: no retention is configured now */
        REMOVED,
        /** the bucket already had the right configuration */
        UNCHANGED,
        /** the server does not implement lifecycle configuration; assets are kept */
        UNSUPPORTED,
        /** the credentials may not read or change lifecycle configuration; assets are kept */
        REFUSED
    }

    private final Duration retention;

    /** @param retention null to keep assets forever */
    public AssetRetention(Duration retention) {
        if (retention != null && !retention.isPositive()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        this.retention = retention;
    }

    public static AssetRetention keepForever() {
        return new AssetRetention(null);
    }

    /** The rule's expiration in days: the retention rounded up to whole days, at least one. */
    public static int expirationDays(Duration retention) {
        long days = retention.toDays() + (retention.equals(Duration.ofDays(retention.toDays())) ? 0 : 1);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, days));
    }

    /** The rule this retention puts on the bucket, or null when assets are kept forever. */
    public LifecycleRule rule() {
        if (retention == null) {
            return null;
        }
        return new LifecycleRule(Status.ENABLED, null,
                new Expiration((ZonedDateTime) null, expirationDays(retention), null),
                new RuleFilter(PREFIX), RULE_ID, null, null, null);
    }

    /**
     * Brings the bucket's lifecycle configuration in line with the retention.
     *
     * @throws Exception S3 failed in a way worth retrying (unreachable, 5xx, missing bucket)
     */
    public Outcome apply(MinioClient s3, String bucket) throws Exception {
        List<LifecycleRule> current;
        try {
            current = currentRules(s3, bucket);
        } catch (ErrorResponseException e) {
            return notPossible(e, bucket);
        }
        List<LifecycleRule> others = new ArrayList<>();
        LifecycleRule ours = null;
        for (LifecycleRule r : current) {
            if (RULE_ID.equals(r.id())) {
                ours = r;
            } else {
                others.add(r);
            }
        }
        LifecycleRule wanted = rule();
        try {
            if (wanted == null) {
                return removeOurs(s3, bucket, ours, others);
            }
            if (ours != null && sameRule(ours, wanted)) {
                log.info("S3 bucket {}: objects under {} already expire after {} day(s) (retention {})", bucket,
                        PREFIX, expirationDays(retention), retention);
                return Outcome.UNCHANGED;
            }
            List<LifecycleRule> rules = new ArrayList<>(others);
            rules.add(wanted);
            s3.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                    .config(new LifecycleConfiguration(rules)).build());
            log.info("S3 bucket {}: objects under {} now expire after {} day(s) (mediajobs.storage.retention={}; "
                    + "lifecycle rule {}, {} other rule(s) kept)", bucket, PREFIX, expirationDays(retention), retention,
                    RULE_ID, others.size());
            return Outcome.APPLIED;
        } catch (ErrorResponseException e) {
            return notPossible(e, bucket);
        }
    }

    private Outcome removeOurs(MinioClient s3, String bucket, LifecycleRule ours, List<LifecycleRule> others)
            throws Exception {
        if (ours == null) {
            return Outcome.UNCHANGED;
        }
        if (others.isEmpty()) {
            s3.deleteBucketLifecycle(DeleteBucketLifecycleArgs.builder().bucket(bucket).build());
        } else {
            s3.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                    .config(new LifecycleConfiguration(others)).build());
        }
        log.info("S3 bucket {}: removed lifecycle rule {} of an earlier configuration; mediajobs.storage.retention is "
                + "not set, assets are kept forever", bucket, RULE_ID);
        return Outcome.REMOVED;
    }

    private static List<LifecycleRule> currentRules(MinioClient s3, String bucket) throws Exception {
        try {
            LifecycleConfiguration config = s3.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket).build());
            return config == null || config.rules() == null ? List.of() : config.rules();
        } catch (ErrorResponseException e) {
            if (NO_CONFIGURATION.contains(e.errorResponse().code())) {
                return List.of();
            }
            throw e;
        }
    }

    /** S3 answered, but lifecycle configuration is not available here: warn (when it matters) and carry on. */
    private Outcome notPossible(ErrorResponseException e, String bucket) throws ErrorResponseException {
        String code = e.errorResponse().code();
        int status = e.response() == null ? 0 : e.response().code();
        boolean unsupported = UNSUPPORTED.contains(code) || status == 501 || status == 405;
        boolean refused = REFUSED.contains(code) || status == 403;
        if (!unsupported && !refused) {
            throw e;
        }
        if (retention != null) {
            log.warn("S3 bucket {}: could not apply mediajobs.storage.retention={} ({} {}: {}). Assets are KEPT "
                            + "until deleted otherwise; configure an expiration for the prefix {} on the bucket by hand, "
                            + "or unset mediajobs.storage.retention to silence this warning", bucket, retention, status,
                    code, unsupported ? "the S3 server does not support bucket lifecycle configuration"
                            : "the credentials may not read or change the bucket's lifecycle configuration", PREFIX);
        } else {
            log.debug("S3 bucket {}: lifecycle configuration not available ({} {}); no retention is configured anyway",
                    bucket, status, code);
        }
        return unsupported ? Outcome.UNSUPPORTED : Outcome.REFUSED;
    }

    private static boolean sameRule(LifecycleRule a, LifecycleRule b) {
        return a.status() == b.status()
                && a.expiration() != null
                && Objects.equals(a.expiration().days(), b.expiration().days())
                && a.expiration().date() == null
                && a.filter() != null && Objects.equals(a.filter().prefix(), b.filter().prefix())
                && a.filter().tag() == null && a.filter().andOperator() == null
                && a.abortIncompleteMultipartUpload() == null && a.transition() == null;
    }

    public Duration retention() {
        return retention;
    }
}
