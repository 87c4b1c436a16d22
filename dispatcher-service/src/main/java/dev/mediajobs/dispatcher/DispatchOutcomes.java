package dev.mediajobs.dispatcher;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.SubmitResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transitions the dispatcher owns ({@code queued → submitted | failed | canceled}). Each builds the version-2
 * snapshot from the version-1 {@code queued} one and publishes it in three steps: the ledger records the snapshot
 * ({@code publishing}), Kafka acknowledges it, the ledger records the end ({@code submitted} / {@code closed}). A
 * dispatcher that dies in between leaves the snapshot in the ledger, and the redelivered request publishes exactly that
 * snapshot again ({@link #republish}): the job is neither left {@code queued} forever nor submitted (and paid) twice.
 */
public class DispatchOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DispatchOutcomes.class);

    private final JobSnapshotSink sink;
    private final DispatchLedger ledger;
    private final DispatcherMetrics metrics;
    private final Clock clock;

    private final InlineAssetStager inlineAssets;

    public DispatchOutcomes(JobSnapshotSink sink, DispatchLedger ledger, DispatcherMetrics metrics, Clock clock,
                            InlineAssetStager inlineAssets) {
        this.inlineAssets = inlineAssets;
        this.sink = sink;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The provider accepted the task.
     *
     * <p>A synchronous provider returns its finished outcome with the submit ({@link SubmitResult#immediate()}): the
     * URLs of a {@code SUCCEEDED} outcome go into {@code providerAssets} of the submitted snapshot, and the poller hands
     * such a job to storage without polling. Outputs returned as bytes are staged in S3 first and handed over the same
     * way. Other immediate outcomes are left to the poller's first poll.
     */
    public Job submitted(Job queued, SubmitResult result, ProviderCredentials credentials, String outcome) {
        PollResult answer = result.immediate();
        if (answer != null && answer.status() == PollResult.Status.FAILED) {
            // a synchronous provider refused at once: there is no task to poll, and its reason must not get lost
            JobError failure = answer.failure() != null ? answer.failure()
                    : new JobError(ErrorCodes.PROVIDER_TASK_FAILED, "the provider answered the submit with a failure",
                    false, queued.provider());
            return failed(queued.toBuilder().providerTaskId(result.taskId()).providerKeyId(credentials.keyId()).build(),
                    failure, "failed");
        }
        Map<String, Object> merged = new LinkedHashMap<>(queued.result());
        merged.putAll(result.result());
        Instant now = clock.instant();
        Job.Builder submitted = queued.transitionTo(JobState.SUBMITTED, now).toBuilder()
                .providerTaskId(result.taskId())
                .providerKeyId(credentials.keyId())
                .attempt(queued.attempt() + 1)
                // the adapter's typical duration: the poller's first look at the task
                .expectedDoneAt(result.firstPollAfterMillis() > 0 ? now.plusMillis(result.firstPollAfterMillis()) : null);
        PollResult immediate = result.immediate();
        if (immediate != null && immediate.status() == PollResult.Status.SUCCEEDED) {
            merged.putAll(immediate.result());
            List<ProviderAsset> assets = new ArrayList<>(immediate.assets());
            if (!immediate.inlineAssets().isEmpty()) {
                assets.addAll(inlineAssets.stage(queued, immediate.inlineAssets()));
            }
            submitted.providerAssets(assets).progress(100);
        }
        Job job = submitted.result(merged).build();
        publish(job, outcome);
        log.info("job {}: submitted to {} as task {} with key '{}' ({}{})", job.id(), job.provider(),
                job.providerTaskId(), job.providerKeyId(), outcome,
                job.providerAssets().isEmpty() ? "" : ", " + job.providerAssets().size() + " output(s) already done");
        return job;
    }

    public Job failed(Job queued, JobError error, String outcome) {
        Job job = queued.transitionTo(JobState.FAILED, clock.instant()).toBuilder().error(error).build();
        publish(job, outcome);
        log.info("job {}: failed before submission ({}): {}", job.id(), error.code(), error.message());
        return job;
    }

    public Job canceled(Job queued) {
        Job job = queued.transitionTo(JobState.CANCELED, clock.instant()).toBuilder()
                .cancelRequested(true)
                .error(JobError.of(ErrorCodes.CANCELED, "canceled before it was submitted to the provider", false))
                .build();
        publish(job, "canceled");
        log.info("job {}: canceled before submission", job.id());
        return job;
    }

    /** Finishes the publication that a dispatcher which died after deciding the outcome left undone. */
    public void republish(DispatchRecord.Publishing record) {
        Job job = record.snapshot();
        log.warn("job {}: its {} snapshot was decided before a restart; publishing it again", job.id(),
                job.state().wireName());
        sink.publish(job);
        markPublished(job);
        metrics.outcome(job.provider(), "republished");
    }

    private void publish(Job job, String outcome) {
        ledger.publishing(job);
        sink.publish(job);
        markPublished(job);
        metrics.outcome(job.provider(), outcome);
    }

    private void markPublished(Job job) {
        if (job.state() == JobState.SUBMITTED) {
            ledger.submitted(job.id(), job.providerTaskId(), job.providerKeyId());
        } else {
            ledger.closed(job.id(), job.state());
        }
    }
}
