package dev.mediajobs.providers.veo3;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.PixelSize;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the adapter refuses before any call, from the document's generate request (text only, no images). */
final class Veo3RequestRules {

    static final String FPS = "fps";
    /** Body fields the adapter sets from the neutral input. */
    static final Set<String> RESERVED_OPTIONS = Set.of("prompt", "duration", "resolution");

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
        if (input.durationSeconds() != null && input.durationSeconds() < 1) {
            errors.add(new FieldError("input.durationSeconds", ErrorCodes.FIELD_INVALID, "durationSeconds must be at least 1"));
        }
        if (input.aspectRatio() != null && !PixelSize.isRatio(input.aspectRatio())) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio must look like 16:9"));
        }
        if (Veo3SubmitBody.size(input).isEmpty()) {
            errors.add(new FieldError("input.resolution", ErrorCodes.FIELD_INVALID, "resolution must be WIDTHxHEIGHT "
                    + "(e.g. 1920x1080) or lines like 720p / 1080p"));
        } else if (input.aspectRatio() != null && PixelSize.parse(input.resolution())
                .map(size -> !size.hasAspectRatio(input.aspectRatio())).orElse(false)) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio " + input.aspectRatio()
                    + " contradicts resolution " + input.resolution()));
        }
        notTaken(errors, "input.negativePrompt", input.negativePrompt());
        notTaken(errors, "input.seed", input.seed());
        notTaken(errors, "input.loop", input.loop());
        Object fps = request.options().get(FPS);
        if (fps != null && !isPositiveWholeNumber(fps)) {
            errors.add(new FieldError("options." + FPS, ErrorCodes.FIELD_INVALID, "options.fps must be a whole number of at least 1"));
        }
        for (String reserved : RESERVED_OPTIONS) {
            if (request.options().containsKey(reserved)) {
                errors.add(new FieldError("options." + reserved, ErrorCodes.FIELD_INVALID, "options." + reserved
                        + " is set from the input (prompt, durationSeconds, resolution, aspectRatio)"));
            }
        }
        return List.copyOf(errors);
    }

    private static void notTaken(List<FieldError> errors, String field, Object value) {
        if (value != null) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, "Veo3's generate request has no " + field.substring("input.".length())));
        }
    }

    /** Whole numbers only: Jackson reads 24.0 as a Double. */
    private static boolean isPositiveWholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue() >= 1;
        }
        return value instanceof BigInteger big && big.signum() > 0;
    }
}
