package dev.mediajobs.providers.sora;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.VideoGenerateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the adapter refuses before any call, from the document's generate request. */
final class SoraRequestRules {

    /** Body fields the adapter sets from the neutral input. */
    static final Set<String> RESERVED_OPTIONS = Set.of("prompt", "duration", "resolution", "reference_images");
    private static final VideoGenerateRequest VIDEO_REQUEST = new VideoGenerateRequest("Sora", RESERVED_OPTIONS,
            "prompt, durationSeconds, resolution, aspectRatio, imageUrls");

    private SoraRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation != Operation.TEXT_TO_VIDEO && operation != Operation.IMAGE_TO_VIDEO) {
            errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION,
                    "Sora 2 makes videos from text prompts (text-to-video) and images (image-to-video)"));
        }
        if (request.model() != null && !SoraProviderAdapter.MODELS.contains(request.model())) {
            errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID, "Sora models are " + SoraProviderAdapter.MODELS));
        }
        JobInput input = request.input();
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "Sora needs a prompt, also with reference images"));
        }
        if (operation == Operation.IMAGE_TO_VIDEO && input.imageUrls().isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "image-to-video needs at least one reference image URL"));
        }
        if (operation == Operation.TEXT_TO_VIDEO && !input.imageUrls().isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_INVALID, "reference images make it image-to-video"));
        }
        VIDEO_REQUEST.check(errors, request);
        return List.copyOf(errors);
    }
}
