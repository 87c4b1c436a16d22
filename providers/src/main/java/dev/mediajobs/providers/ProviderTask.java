package dev.mediajobs.providers;

import dev.mediajobs.common.Job;

/**
 * A submitted task as the poller knows it.
 *
 * @param taskId    the provider's task id
 * @param operation the job's operation (some providers poll different endpoints per operation)
 * @param model     the model the task was submitted with
 */
public record ProviderTask(String jobId, String taskId, dev.mediajobs.common.Operation operation, String model) {

    public static ProviderTask fromJob(Job job) {
        return new ProviderTask(job.id(), job.providerTaskId(), job.operation(), job.model());
    }
}
