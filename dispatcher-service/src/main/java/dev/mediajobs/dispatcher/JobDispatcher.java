package dev.mediajobs.dispatcher;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.kafka.KafkaJson;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.JobViewStore;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record of the requests topic. Records are at-least-once: every path is safe to repeat.
 *
 * <ul>
 *   <li>{@code cancel}: sets the cancel flag. A job not yet submitted is canceled when its submit request is processed
 *       (a job's records share one partition, so a cancel that arrives after its submit finds it submitted or ended);
 *       an in-flight job is canceled by the poller, which checks the same flag.</li>
 *   <li>{@code submit}: names the job ({@link RequestedJobs#jobId}), publishes its {@code queued} snapshot unless the
 *       api-service already did (REST), validates it, and hands it to {@link SubmissionService}, which submits it at
 *       most once per job id. A job whose dispatch record says it was handled is left alone.</li>
 * </ul>
 * Unusable records (not JSON, no tenant, unknown type) are skipped and counted, never retried forever.
 */
public class JobDispatcher {

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobRequestValidator validator;
    private final CancelRequests cancels;
    private final JobViewStore views;
    private final DispatchLedger ledger;
    private final SubmissionService submissions;
    private final DispatchOutcomes outcomes;
    private final JobSnapshotSink sink;
    private final DispatcherMetrics metrics;
    private final Clock clock;

    public JobDispatcher(JobRequestValidator validator, CancelRequests cancels, JobViewStore views,
                         DispatchLedger ledger, SubmissionService submissions, DispatchOutcomes outcomes,
                         JobSnapshotSink sink, DispatcherMetrics metrics, Clock clock) {
        this.validator = validator;
        this.cancels = cancels;
        this.views = views;
        this.ledger = ledger;
        this.submissions = submissions;
        this.outcomes = outcomes;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            reject(record, "tombstone", "a tombstone");
            return;
        }
        Optional<JobRequest> request = KafkaJson.read(record, JobRequest.class);
        if (request.isEmpty()) {
            metrics.rejected("unreadable"); // KafkaJson has logged why
            return;
        }
        JobRequest r = request.get();
        if (r.isCancel()) {
            cancel(r, record);
        } else if (r.type() == null || JobRequest.SUBMIT.equalsIgnoreCase(r.type())) {
            submit(r, record);
        } else {
            reject(record, "unknown_type", "type '" + r.type() + "' (expected submit or cancel)");
        }
    }

    private void cancel(JobRequest request, ConsumerRecord<String, String> record) {
        String jobId = request.jobId();
        if (!JobIds.isValid(jobId)) {
            reject(record, "invalid_job_id", "a cancel without a valid jobId");
            return;
        }
        Optional<Job> view = views.find(jobId);
        if (view.isPresent() && request.tenant() != null && !request.tenant().equals(view.get().tenant())) {
            reject(record, "tenant_mismatch", "a cancel of job " + jobId + " by another tenant");
            return;
        }
        cancels.request(jobId);
        DispatchRecord dispatch = ledger.find(jobId);
        JobState state = view.map(Job::state).orElse(null);
        if (state != null && state.isTerminal()) {
            log.info("job {}: cancel requested, but it is already {}", jobId, state.wireName());
        } else if (dispatch instanceof DispatchRecord.None && (state == null || state == JobState.QUEUED)) {
            log.info("job {}: cancel requested before submission; it is canceled when its submit request is processed",
                    jobId);
        } else {
            log.info("job {}: cancel requested while {}; the poller cancels the provider task", jobId,
                    state == null ? "dispatched" : state.wireName());
        }
    }

    private void submit(JobRequest raw, ConsumerRecord<String, String> record) {
        if (raw.tenant() == null || raw.tenant().isBlank()) {
            reject(record, "missing_tenant", "a submit without a tenant");
            return;
        }
        String jobId = RequestedJobs.jobId(raw, record);
        JobRequest request = RequestedJobs.withJobId(raw, jobId);
        DispatchRecord dispatch = ledger.find(jobId);
        switch (dispatch) {
            case DispatchRecord.Submitted s -> {
                log.info("job {}: already submitted as task {}; ignoring this request (duplicate or redelivery)",
                        jobId, s.providerTaskId());
                metrics.outcome(raw.provider(), "duplicate");
                return;
            }
            case DispatchRecord.Closed c -> {
                log.info("job {}: already {}; ignoring this request (duplicate or redelivery)", jobId, c.state());
                metrics.outcome(raw.provider(), "duplicate");
                return;
            }
            case DispatchRecord.Publishing p -> {
                outcomes.republish(p);
                return;
            }
            case DispatchRecord.None n -> {
                // Redis may have lost the dispatch record; the view still tells a job that went past queued
                Optional<JobState> state = views.find(jobId).map(Job::state);
                if (state.isPresent() && state.get() != JobState.QUEUED) {
                    log.info("job {}: already {}; ignoring this request", jobId, state.get().wireName());
                    metrics.outcome(raw.provider(), "duplicate");
                    return;
                }
            }
            case DispatchRecord.Submitting s -> {
                // handled below, after the queued snapshot is known
            }
        }

        JobRequestValidator.Result validation = validator.validate(request);
        Job queued = RequestedJobs.queued(request, validation, clock.instant());
        if (!request.isFromRest()) {
            log.info("job {}: request of tenant {} from {}-{}@{}", jobId, request.tenant(), record.topic(),
                    record.partition(), record.offset());
            sink.publish(queued); // the api-service did this for REST requests
        }
        if (dispatch instanceof DispatchRecord.Submitting interrupted) {
            submissions.resumeInterrupted(queued, interrupted);
            return;
        }
        if (!validation.isValid()) {
            String message = validation.errors().stream()
                    .map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; "));
            log.info("job {}: invalid request: {}", jobId, message);
            outcomes.failed(queued, JobError.of(ErrorCodes.INVALID_REQUEST, message, false), "invalid");
            return;
        }
        submissions.submit(queued);
    }

    private void reject(ConsumerRecord<String, String> record, String reason, String what) {
        log.warn("skipping {} at {}-{}@{} (key {})", what, record.topic(), record.partition(), record.offset(),
                record.key());
        metrics.rejected(reason);
    }
}
