package dev.mediajobs.providers.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestValidatorTests {

    private final JobRequestValidator validator = new JobRequestValidator(new ProviderRegistry(
            List.of(new SimulatorProviderAdapter(new ProviderSettings())), new ProvidersProperties()));

    private static JobRequest submit(String provider, String operation, JobInput input, Map<String, Object> options) {
        return new JobRequest(JobRequest.SUBMIT, null, "acme", null, provider, null, operation, input, options, null,
                null, null, JobRequest.SOURCE_KAFKA, Instant.now());
    }

    @Test
    void aValidRequestResolvesItsProviderAndOperation() {
        JobRequestValidator.Result result = validator.validate(submit("simulator", "text-to-image", JobInput.ofPrompt("a cat"), Map.of()));

        assertThat(result.errors()).isEmpty();
        assertThat(result.provider().id()).isEqualTo("simulator");
        assertThat(result.operation()).isEqualTo(Operation.TEXT_TO_IMAGE);
    }

    @Test
    void namesTheOffendingFields() {
        assertThat(fields(submit("nope", "text-to-image", JobInput.ofPrompt("a cat"), Map.of()))).containsExactly("provider");
        assertThat(fields(submit("simulator", "text-to-image", JobInput.ofPrompt(" "), Map.of()))).containsExactly("input.prompt");
        assertThat(fields(submit("simulator", "paint", JobInput.ofPrompt("a cat"), Map.of()))).containsExactly("operation");
        assertThat(fields(submit("simulator", "text-to-image", JobInput.ofPrompt("x".repeat(10_001)), Map.of())))
                .containsExactly("input.prompt");
    }

    @Test
    void webhookEventsMustNameSubscribableEvents() {
        List<FieldError> errors = validator.validate(submit("simulator", "text-to-image", JobInput.ofPrompt("a cat"),
                Map.of("webhookEvents", List.of("job.succeeded", "job.exploded")))).errors();

        assertThat(errors).extracting(FieldError::field).containsExactly("options.webhookEvents");
        assertThat(errors.getFirst().code()).isEqualTo(ErrorCodes.FIELD_INVALID);
        assertThat(validator.validate(submit("simulator", "text-to-image", JobInput.ofPrompt("a cat"),
                Map.of("webhookEvents", List.of("job.running", "job.succeeded")))).errors()).isEmpty();
    }

    @Test
    void mediajobsOwnOptionsNeverReachTheProvider() {
        Job job = Job.builder().id("j").tenant("acme").version(1).state(JobState.QUEUED).provider("simulator")
                .operation(Operation.TEXT_TO_IMAGE).input(JobInput.ofPrompt("a cat"))
                .options(Map.of("webhookEvents", List.of("job.running"), "quality", "hd")).build();

        assertThat(ProviderRequest.fromJob(job).options()).containsOnlyKeys("quality");
    }

    private List<String> fields(JobRequest request) {
        return validator.validate(request).errors().stream().map(FieldError::field).toList();
    }
}
