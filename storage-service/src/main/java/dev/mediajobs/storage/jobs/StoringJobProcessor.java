package dev.mediajobs.storage.jobs;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.storage.archive.AssetArchiver;
import dev.mediajobs.storage.archive.AssetUnusableException;
import dev.mediajobs.storage.archive.StorageUnavailableException;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.redis.JobViewStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a job in {@code storing}: archives every provider asset, then publishes {@code succeeded} with the stored
 * assets, or {@code failed} when an asset is unreachable or corrupt. S3 failures escape as
 * {@link StorageUnavailableException} so that the record is retried rather than the job failed.
 */
public class StoringJobProcessor {

    private static final Logger log = LoggerFactory.getLogger(StoringJobProcessor.class);

    private final AssetArchiver archiver;
    private final JobEventPublisher publisher;
    private final JobViewStore views;
    private final StorageMetrics metrics;
    private final Clock clock;

    public StoringJobProcessor(AssetArchiver archiver, JobEventPublisher publisher, JobViewStore views,
                               StorageMetrics metrics, Clock clock) {
        this.archiver = archiver;
        this.publisher = publisher;
        this.views = views;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Handles one snapshot from the events topic; anything not in {@code storing} is none of this service's business. */
    public void process(Job job) {
        if (job.state() != JobState.STORING) {
            return;
        }
        if (alreadyMovedOn(job)) {
            return;
        }
        log.info("job {}: storing {} asset(s) from provider {}", job.id(), job.providerAssets().size(), job.provider());
        List<StoredAsset> stored = new ArrayList<>(job.providerAssets().size());
        for (int index = 0; index < job.providerAssets().size(); index++) {
            ProviderAsset asset = job.providerAssets().get(index);
            long started = System.nanoTime();
            try {
                StoredAsset s = archiver.archive(job.tenant(), job.id(), index, asset);
                metrics.stored(job.provider(), s.sizeBytes(), Duration.ofNanos(System.nanoTime() - started));
                stored.add(s);
            } catch (AssetUnusableException e) {
                metrics.outcome(job.provider(), e.code());
                fail(job, e, stored);
                return;
            } catch (StorageUnavailableException e) {
                metrics.outcome(job.provider(), StorageMetrics.STORAGE_UNAVAILABLE);
                throw e;
            }
        }
        publisher.publish(job.transitionTo(JobState.SUCCEEDED, clock.instant()).toBuilder().assets(stored).build());
    }

    private void fail(Job job, AssetUnusableException e, List<StoredAsset> storedSoFar) {
        log.warn("job {}: {} ({})", job.id(), e.getMessage(), e.code());
        // a failed job references no asset: do not leave its earlier assets behind in the bucket
        for (StoredAsset s : storedSoFar) {
            archiver.remove(s.key());
        }
        // another generation gets new URLs and new bytes, so submitting the job again may well succeed
        JobError error = new JobError(e.code(), e.getMessage(), true, job.provider());
        publisher.publish(job.transitionTo(JobState.FAILED, clock.instant()).toBuilder().error(error).build());
    }

    /**
     * True when a newer snapshot of the job is already known, i.e. this service finished it before and the record is
     * a redelivery. Skipping it matters: the provider's URLs may have expired since, and storing again could then
     * publish a {@code failed} snapshot with the same version as the {@code succeeded} one. Redis is only a hint
     * here: when it cannot answer, the job is simply stored again (idempotent).
     */
    private boolean alreadyMovedOn(Job job) {
        try {
            Optional<Job> view = views.find(job.id());
            if (view.isPresent() && view.get().version() > job.version()) {
                log.info("job {}: skipping storing snapshot version {}, version {} ({}) is already known", job.id(),
                        job.version(), view.get().version(), view.get().state().wireName());
                return true;
            }
        } catch (RuntimeException e) {
            log.debug("job {}: could not read the job view, storing anyway: {}", job.id(), e.toString());
        }
        return false;
    }
}
