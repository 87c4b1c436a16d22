package dev.mediajobs.dispatcher;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.providers.validation.JobRequestValidator;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How a submit request names its job and what its first ({@code queued}, version 1) snapshot looks like. */
final class RequestedJobs {

    private RequestedJobs() {
    }

    /**
     * The request's own job id when it is a UUID; else a name-based id of tenant and {@code requestId}, so the same
     * request published twice names the same job; else one derived from the record's position, stable across
     * redeliveries of that record.
     */
    static String jobId(JobRequest request, ConsumerRecord<?, ?> record) {
        if (JobIds.isValid(request.jobId())) {
            return request.jobId();
        }
        if (request.requestId() != null && !request.requestId().isBlank()) {
            return JobIds.fromRequestId(request.tenant(), request.requestId());
        }
        return JobIds.fromRecordPosition(record.topic(), record.partition(), record.offset());
    }

    static JobRequest withJobId(JobRequest r, String jobId) {
        return new JobRequest(r.type(), jobId, r.tenant(), r.requestId(), r.provider(), r.model(), r.operation(),
                r.input(), r.options(), r.webhookUrl(), r.idempotencyKey(), r.requestHash(), r.source(), r.createdAt());
    }

    /**
     * The version-1 snapshot. For REST requests the api-service has already published the same one; the dispatcher
     * rebuilds it as the base of its own transition rather than reading it back.
     *
     * @param validation supplies the provider when the request named only a model, and the parsed operation
     */
    static Job queued(JobRequest request, JobRequestValidator.Result validation, Instant now) {
        String provider = request.provider() != null ? request.provider()
                : validation.provider() != null ? validation.provider().id() : null;
        Instant createdAt = request.createdAt() != null ? request.createdAt() : now;
        return Job.builder()
                .id(request.jobId())
                .tenant(request.tenant())
                .version(1)
                .state(JobState.QUEUED)
                .provider(provider)
                .model(request.model())
                .operation(validation.operation())
                .input(request.input())
                .options(request.options())
                .webhookUrl(request.webhookUrl())
                .idempotencyKey(request.idempotencyKey())
                .requestHash(request.requestHash())
                .source(request.source() != null ? request.source() : JobRequest.SOURCE_KAFKA)
                .createdAt(createdAt)
                .updatedAt(createdAt)
                .build();
    }
}
