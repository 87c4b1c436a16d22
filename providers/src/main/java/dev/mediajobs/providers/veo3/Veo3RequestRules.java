package dev.mediajobs.providers.veo3;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.VideoGenerateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the adapter refuses before any call, from the document's generate request (text only, no images). */
final class Veo3RequestRules {

    /** Body fields the adapter sets from the neutral input. */
    static final Set<String> RESERVED_OPTIONS = Set.of("prompt", "duration", "resolution");
    private static final VideoGenerateRequest VIDEO_REQUEST = new VideoGenerateRequest("Veo3", RESERVED_OPTIONS,
            "prompt, durationSeconds, resolution, aspectRatio");

    private Veo3RequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.operation() != Operation.TEXT_TO_VIDEO) {
            errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION,
                    "the document's Veo3 call makes videos from a text prompt only (text-to-video)"));
        }
        if (request.model() != null && !Veo3ProviderAdapter.MODELS.contains(request.model())) {
            errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID, "Veo3 models are " + Veo3ProviderAdapter.MODELS));
        }
        JobInput input = request.input();
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "Veo3 needs a prompt"));
        }
        if (!input.imageUrls().isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_INVALID, "the document's Veo3 request takes no images"));
        }
        VIDEO_REQUEST.check(errors, request);
        return List.copyOf(errors);
    }
}
