package dev.mediajobs.poller.testing;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import java.time.Instant;
import java.util.Map;

/** Job snapshots as the dispatcher publishes them. */
public final class TestJobs {

    private TestJobs() {
    }

    /** A queued job (version 1) of the simulator provider. */
    public static Job queued(String jobId, Map<String, Object> options, Instant createdAt) {
        return Job.builder()
                .id(jobId)
                .tenant("tenant-a")
                .version(1)
                .state(JobState.QUEUED)
                .provider("simulator")
                .model("sim-image-1")
                .operation(Operation.TEXT_TO_IMAGE)
                .input(JobInput.ofPrompt("a lighthouse at dusk"))
                .options(options)
                .source("rest")
                .createdAt(createdAt)
                .updatedAt(createdAt)
                .build();
    }

    /** The {@code submitted} snapshot (version 2) of a task the provider accepted with the {@code default} key. */
    public static Job submitted(String jobId, String providerTaskId, Map<String, Object> options, Instant submittedAt) {
        return queued(jobId, options, submittedAt.minusMillis(50)).toBuilder()
                .providerTaskId(providerTaskId)
                .providerKeyId("default")
                .attempt(1)
                .build()
                .transitionTo(JobState.SUBMITTED, submittedAt);
    }

    public static String newId() {
        return JobIds.random();
    }
}
