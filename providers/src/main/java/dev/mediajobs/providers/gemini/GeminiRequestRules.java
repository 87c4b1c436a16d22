package dev.mediajobs.providers.gemini;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.FieldChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the adapter refuses before any call: the document's text generation takes a prompt and nothing else. */
final class GeminiRequestRules {

    static final String PURPOSE = "purpose";
    static final String SYSTEM = "system";
    static final String TECHNICAL_REQUIREMENTS = "technicalRequirements";
    static final String TEMPERATURE = "temperature";
    static final String MAX_TOKENS = "max_tokens";
    /** Body fields the adapter sets itself; {@code stream} would turn the answer into server-sent events. */
    static final Set<String> RESERVED_OPTIONS = Set.of("model", "messages", "stream");
    private static final String TAKES_NO = "Gemini text generation takes no";

    private GeminiRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.operation() != Operation.TEXT) {
            errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION,
                    "Gemini is used for text generation only (operation text)"));
        }
        if (request.model() != null && !GeminiProviderAdapter.MODELS.contains(request.model())) {
            errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID, "Gemini models are " + GeminiProviderAdapter.MODELS));
        }
        JobInput input = request.input();
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED,
                    "Gemini needs a prompt: the brief, the brief to describe, or the shot to write an image prompt for"));
        }
        FieldChecks.notTaken(errors, "input.negativePrompt", input.negativePrompt(), TAKES_NO);
        FieldChecks.notTaken(errors, "input.imageUrls", input.imageUrls().isEmpty() ? null : input.imageUrls(), TAKES_NO);
        FieldChecks.notTaken(errors, "input.aspectRatio", input.aspectRatio(), TAKES_NO);
        FieldChecks.notTaken(errors, "input.durationSeconds", input.durationSeconds(), TAKES_NO);
        FieldChecks.notTaken(errors, "input.resolution", input.resolution(), TAKES_NO);
        FieldChecks.notTaken(errors, "input.seed", input.seed(), TAKES_NO);
        FieldChecks.notTaken(errors, "input.loop", input.loop(), TAKES_NO);
        checkOptions(errors, request);
        return List.copyOf(errors);
    }

    private static void checkOptions(List<FieldError> errors, ProviderRequest request) {
        Object purpose = request.options().get(PURPOSE);
        if (purpose != null && (!(purpose instanceof String p) || GeminiPurpose.find(p).isEmpty())) {
            errors.add(new FieldError("options." + PURPOSE, ErrorCodes.FIELD_INVALID,
                    "options.purpose must be one of " + GeminiPurpose.wireNames()));
        }
        Object system = request.options().get(SYSTEM);
        if (system != null && !(system instanceof String s && !s.isBlank())) {
            errors.add(new FieldError("options." + SYSTEM, ErrorCodes.FIELD_INVALID, "options.system must be a non-empty text"));
        }
        Object technical = request.options().get(TECHNICAL_REQUIREMENTS);
        if (technical != null) {
            boolean visualStyle = purpose instanceof String p && GeminiPurpose.find(p).orElse(null) == GeminiPurpose.VISUAL_STYLE;
            if (!(technical instanceof String) || !visualStyle) {
                errors.add(new FieldError("options." + TECHNICAL_REQUIREMENTS, ErrorCodes.FIELD_INVALID,
                        "options.technicalRequirements is a text that goes with options.purpose \"visual-style\""));
            }
        }
        Object temperature = request.options().get(TEMPERATURE);
        if (temperature != null && !(temperature instanceof Number)) {
            errors.add(new FieldError("options." + TEMPERATURE, ErrorCodes.FIELD_INVALID, "options.temperature must be a number"));
        }
        Object maxTokens = request.options().get(MAX_TOKENS);
        if (maxTokens != null && !FieldChecks.isPositiveWholeNumber(maxTokens)) {
            errors.add(new FieldError("options." + MAX_TOKENS, ErrorCodes.FIELD_INVALID, "options.max_tokens must be a whole number of at least 1"));
        }
        FieldChecks.reservedOptions(errors, request.options(), RESERVED_OPTIONS,
                "is set by the adapter (use the job's model, input.prompt and options.purpose / options.system)");
    }
}
