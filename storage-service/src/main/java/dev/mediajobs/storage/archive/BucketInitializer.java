package dev.mediajobs.storage.archive;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Prepares the asset bucket: creates it when it is missing (unless {@code mediajobs.s3.create-bucket=false}, when it is
 * managed elsewhere), then applies the retention setting as a lifecycle rule ({@link AssetRetention}). It runs before
 * the Kafka listeners start (lower phase) and start-up waits up to ten seconds for the first attempt, so in the normal
 * case the bucket exists before the first store.
 *
 * <p>S3 being unreachable at start-up does not stop the service: it logs an error naming the endpoint and the
 * properties to check, and keeps trying in the background with backoff. Meanwhile stores fail with
 * {@link StorageUnavailableException} and their records are retried, so nothing is lost; the service simply starts
 * storing once S3 is there. (Failing fast would turn a short S3 outage during a deploy into a crash loop.)
 */
public class BucketInitializer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BucketInitializer.class);

    /** Another instance, or an earlier run, created it first: that is success. */
    private static final Set<String> ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

    /** How long start-up waits for the first attempt; a black-holed endpoint must not stall start-up for minutes. */
    private static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(10);

    private final MinioClient s3;
    private final String bucket;
    private final String endpoint;
    private final Duration maxRetryInterval;
    private final boolean createBucket;
    private final AssetRetention retention;
    private final CountDownLatch firstAttemptDone = new CountDownLatch(1);
    private volatile Thread worker;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile AssetRetention.Outcome retentionOutcome;

    /** Creates the bucket when missing and keeps assets forever. */
    public BucketInitializer(MinioClient s3, String bucket, String endpoint, Duration maxRetryInterval) {
        this(s3, bucket, endpoint, maxRetryInterval, true, AssetRetention.keepForever());
    }

    public BucketInitializer(MinioClient s3, String bucket, String endpoint, Duration maxRetryInterval,
                             boolean createBucket, AssetRetention retention) {
        this.s3 = s3;
        this.bucket = bucket;
        this.endpoint = endpoint;
        this.maxRetryInterval = maxRetryInterval;
        this.createBucket = createBucket;
        this.retention = retention;
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::retryUntilReady, "storage-bucket-init");
        t.setDaemon(true);
        worker = t;
        t.start();
        try {
            firstAttemptDone.await(FIRST_ATTEMPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retryUntilReady() {
        Duration wait = Duration.ofSeconds(1);
        for (int attempt = 1; running; attempt++) {
            boolean done = tryOnce(attempt);
            firstAttemptDone.countDown();
            if (done) {
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait.multipliedBy(2);
        }
    }

    /** @return true when the bucket exists now and its lifecycle configuration matches the retention setting */
    boolean tryOnce(int attempt) {
        try {
            if (!ready) {
                if (createBucket) {
                    createIfMissing();
                }
                ready = true;
            }
            if (retentionOutcome == null) {
                retentionOutcome = retention.apply(s3, bucket);
            }
            if (attempt > 1) {
                log.info("S3 bucket {} at {} is available now (attempt {})", bucket, endpoint, attempt);
            }
            return true;
        } catch (Exception e) {
            log.error("S3 bucket {} at {} is not usable (attempt {}): {}. Check mediajobs.s3.endpoint, "
                            + "mediajobs.s3.access-key/secret-key and mediajobs.s3.bucket; retrying in the background, "
                            + "assets are stored once S3 answers", bucket, endpoint, attempt, e.toString());
            return false;
        }
    }

    private void createIfMissing() throws Exception {
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("created S3 bucket {} at {}", bucket, endpoint);
            } catch (ErrorResponseException e) {
                if (!ALREADY_THERE.contains(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
    }

    /** What applying the retention setting did; null until it was done. */
    public AssetRetention.Outcome retentionOutcome() {
        return retentionOutcome;
    }

    /** True once the bucket is known to exist (or, without {@code create-bucket}, is assumed to). */
    public boolean isReady() {
        return ready;
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the Kafka listener containers, which start in the default (last) phase. */
    @Override
    public int getPhase() {
        return 0;
    }
}
