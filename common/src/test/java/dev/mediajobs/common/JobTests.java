package dev.mediajobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTests {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static Job aQueuedJob() {
        return Job.builder().id(JobIds.random()).tenant("acme").version(1).state(JobState.QUEUED)
                .provider("simulator").operation(Operation.TEXT_TO_IMAGE).input(JobInput.ofPrompt("a cat"))
                .options(Map.of("quality", "hd")).createdAt(T0).updatedAt(T0).build();
    }

    @Test
    void transitionBumpsVersionAndSetsTimestamps() {
        Job submitted = aQueuedJob().transitionTo(JobState.SUBMITTED, T0.plusSeconds(1));
        Job succeeded = submitted.transitionTo(JobState.RUNNING, T0.plusSeconds(2))
                .transitionTo(JobState.STORING, T0.plusSeconds(3))
                .transitionTo(JobState.SUCCEEDED, T0.plusSeconds(4));

        assertThat(submitted.version()).isEqualTo(2);
        assertThat(submitted.submittedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(succeeded.version()).isEqualTo(5);
        assertThat(succeeded.completedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(succeeded.eventId()).isEqualTo(succeeded.id() + ":5");
    }

    @Test
    void terminalStatesAreFinal() {
        Job failed = aQueuedJob().transitionTo(JobState.FAILED, T0);
        for (JobState next : JobState.values()) {
            assertThatThrownBy(() -> failed.transitionTo(next, T0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void lifecycleCannotGoBackwards() {
        Job running = aQueuedJob().transitionTo(JobState.SUBMITTED, T0).transitionTo(JobState.RUNNING, T0);
        assertThatThrownBy(() -> running.transitionTo(JobState.SUBMITTED, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> running.transitionTo(JobState.QUEUED, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(JobTransitions.isAllowed(JobState.QUEUED, JobState.STORING)).isFalse();
    }

    @Test
    void snapshotRoundTripsThroughJsonWithWireNames() {
        Job job = aQueuedJob().toBuilder()
                .providerAssets(List.of(new ProviderAsset("https://cdn.example/x.png", "image/png", "ab")))
                .error(JobError.of(ErrorCodes.PROVIDER_TASK_FAILED, "nope", false))
                .build();

        String json = JsonCodec.toJson(job);

        assertThat(json).contains("\"state\":\"queued\"").contains("\"operation\":\"text-to-image\"")
                .contains("\"createdAt\":\"2026-11-22T10:00:00Z\"");
        assertThat(JsonCodec.fromJson(json, Job.class)).isEqualTo(job);
    }

    @Test
    void eventTypesNameTheState() {
        assertThat(JobState.TIMED_OUT.eventType()).isEqualTo("job.timed_out");
        assertThat(JobState.fromWire("timed_out")).isEqualTo(JobState.TIMED_OUT);
        assertThat(Operation.fromWire("image-to-video")).isEqualTo(Operation.IMAGE_TO_VIDEO);
    }
}
