package dev.mediajobs.providers.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobOptions;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.nanobanana.NanobananaProviderAdapter;
import dev.mediajobs.providers.openai.OpenAiProviderAdapter;
import dev.mediajobs.providers.runway.RunwayProviderAdapter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code options.fallbacks} as the api-service and the dispatcher check it, against the real adapters' rules. */
class JobRequestValidatorFallbacksTests {

    private final ProvidersProperties properties = new ProvidersProperties();
    private final ProviderRegistry registry = registry();
    private final JobRequestValidator validator = new JobRequestValidator(registry);

    @Test
    void aChainOfProvidersThatAcceptTheRequestIsValid() {
        JobRequestValidator.Result result = validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS,
                List.of("openai"))));

        assertThat(result.errors()).isEmpty();
        assertThat(result.provider().id()).isEqualTo("nanobanana");
    }

    @Test
    void anEntryMayNameTheModel() {
        assertThat(validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS,
                List.of(Map.of("provider", "openai", "model", "dall-e-3"))))).errors()).isEmpty();

        assertThat(validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS,
                List.of(Map.of("provider", "openai", "model", "dall-e-2"))))).errors())
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("options.fallbacks[0]");
                    assertThat(e.message()).contains("no model 'dall-e-2'");
                });
    }

    @Test
    void unknownDisabledAndRepeatedProvidersAreNamedByTheirIndex() {
        properties.getProviders().computeIfAbsent("runway", id -> new ProviderSettings()).setEnabled(false);

        List<FieldError> errors = validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS,
                List.of("nobody", "runway", "openai", "openai", "nanobanana")))).errors();

        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(
                tuple("options.fallbacks[0]", ErrorCodes.UNKNOWN_PROVIDER),
                tuple("options.fallbacks[1]", ErrorCodes.UNKNOWN_PROVIDER),
                tuple("options.fallbacks[3]", ErrorCodes.FIELD_INVALID),
                tuple("options.fallbacks[4]", ErrorCodes.FIELD_INVALID));
        assertThat(validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS, List.of(42)))).errors())
                .extracting(FieldError::field).containsExactly("options.fallbacks[0]");
    }

    @Test
    void aFallbackWithoutTheOperationIsRefused() {
        List<FieldError> errors = validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS, List.of("runway"))))
                .errors();

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("options.fallbacks[0]");
            assertThat(e.code()).isEqualTo(ErrorCodes.UNSUPPORTED_OPERATION);
        });
    }

    @Test
    void aRequestTheFallbackWouldRefuseIsRefusedAtSubmit() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("steps", 20); // a Nanobanana option OpenAI does not know
        options.put(JobOptions.FALLBACKS, List.of("openai"));

        List<FieldError> errors = validator.validate(nanobananaJob(options)).errors();

        assertThat(errors).isNotEmpty().allSatisfy(e -> {
            assertThat(e.field()).isEqualTo("options.fallbacks[0]");
            assertThat(e.message()).startsWith("fallback provider 'openai' cannot take this request: options.steps");
        });
    }

    @Test
    void theShapeOfTheListIsChecked() {
        assertThat(validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS, "openai"))).errors())
                .extracting(FieldError::field).containsExactly("options.fallbacks");
        assertThat(validator.validate(nanobananaJob(Map.of(JobOptions.FALLBACKS,
                List.of("openai", "openai", "openai", "openai", "openai", "openai")))).errors())
                .extracting(FieldError::code).containsExactly(ErrorCodes.FIELD_TOO_LONG);
    }

    @Test
    void theFallbacksOptionIsNotShownToTheProvider() {
        // Nanobanana sends unknown options on as they are; "fallbacks" must not be one of them
        ProviderRequest request = ProviderRequest.fromJob(dev.mediajobs.common.Job.builder().id("j").tenant("t")
                .version(1).state(dev.mediajobs.common.JobState.QUEUED).provider("nanobanana")
                .operation(Operation.TEXT_TO_IMAGE).input(JobInput.ofPrompt("a cat"))
                .options(Map.of(JobOptions.FALLBACKS, List.of("openai"))).build());

        assertThat(request.options()).isEmpty();
    }

    @Test
    void theFallbackModelIsTheFirstTheProviderAcceptsForTheRequest() {
        ProviderRequest generation = new ProviderRequest("j", Operation.TEXT_TO_IMAGE, "nanobanana-pro",
                JobInput.ofPrompt("a cat"), Map.of(), null);
        ProviderRequest edit = new ProviderRequest("j", Operation.IMAGE_TO_IMAGE, null,
                new JobInput("a cat", null, List.of("https://example.com/cat.png"), null, null, null, null, null),
                Map.of(), null);
        OpenAiProviderAdapter openai = (OpenAiProviderAdapter) registry.find("openai").orElseThrow();

        assertThat(FallbackRequests.fit(openai, generation, null)).isEqualTo(new FallbackRequests.Fit("dall-e-3", List.of()));
        // OpenAI's edit form carries no model
        assertThat(FallbackRequests.fit(openai, edit, null).model()).isNull();
    }

    private JobRequest nanobananaJob(Map<String, Object> options) {
        return new JobRequest(JobRequest.SUBMIT, null, "acme", null, "nanobanana", null, "text-to-image",
                JobInput.ofPrompt("a red fox in the snow"), options, null, null, null, null, null);
    }

    private ProviderRegistry registry() {
        return new ProviderRegistry(List.of(new NanobananaProviderAdapter(new ProviderSettings()),
                new OpenAiProviderAdapter(new ProviderSettings()), new RunwayProviderAdapter(new ProviderSettings())),
                properties);
    }
}
