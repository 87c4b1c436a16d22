package dev.mediajobs.providers;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobOptions;
import dev.mediajobs.common.Operation;
import java.util.Map;

/**
 * What an adapter needs to validate and submit a task.
 *
 * @param clientTaskId the job id; adapters whose provider accepts a client-chosen task id send it
 * @param callbackUrl  where the provider may call back when done, or null
 */
public record ProviderRequest(
        String clientTaskId,
        Operation operation,
        String model,
        JobInput input,
        Map<String, Object> options,
        String callbackUrl) {

    public ProviderRequest {
        input = input == null ? JobInput.ofPrompt(null) : input;
        options = options == null ? Map.of() : options;
    }

    public static ProviderRequest fromJob(Job job) {
        return new ProviderRequest(job.id(), job.operation(), job.model(), job.input(), JobOptions.forProvider(job.options()), null);
    }
}
