package dev.mediajobs.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.common.StoredAsset;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as clients see it. Deliberately not the {@link Job} snapshot: the request hash, the provider key name, the
 * idempotency key, the tenant and the provider's raw asset URLs stay internal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
        String id,
        JobState state,
        String provider,
        String model,
        Operation operation,
        JobInput input,
        Map<String, Object> options,
        String webhookUrl,
        Integer progress,
        List<StoredAsset> assets,
        Map<String, Object> result,
        JobError error,
        boolean cancelRequested,
        Instant createdAt,
        Instant updatedAt,
        Instant submittedAt,
        Instant completedAt,
        long version,
        String providerTaskId) {

    /** @param assets the job's assets with their download URLs filled in */
    static JobResponse of(Job job, List<StoredAsset> assets, boolean cancelRequested) {
        return new JobResponse(job.id(), job.state(), job.provider(), job.model(), job.operation(), job.input(),
                job.options(), job.webhookUrl(), job.progress(), assets, job.result(), job.error(), cancelRequested,
                job.createdAt(), job.updatedAt(), job.submittedAt(), job.completedAt(), job.version(),
                job.providerTaskId());
    }
}
