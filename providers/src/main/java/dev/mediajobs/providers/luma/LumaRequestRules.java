package dev.mediajobs.providers.luma;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.HttpUrls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Luma would reject (documents 000 "Luma AI" and 004 "Luma AI Integration Guidelines"), found before any
 * network call. The one option is {@code extendGenerationId}: a text-to-video job that continues an earlier Luma
 * generation (004, "Video Extension"). Neutral fields the documented request cannot carry are errors rather than
 * silently dropped; 004 says negative prompts are not supported and generations are 5 s long.
 */
final class LumaRequestRules {

    static final String EXTEND_GENERATION_ID = "extendGenerationId";
    static final Set<String> OPTIONS = Set.of(EXTEND_GENERATION_ID);
    /** Document 000's list; 004's "16:9, 9:16, 1:1" is a subset. */
    static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16", "4:3", "3:4", "21:9", "9:21", "1:1");
    /** 004: "Max Duration: 5 seconds per generation"; the request has no duration field. */
    static final int DURATION_SECONDS = 5;
    static final int MAX_GENERATION_ID_CHARS = 200;

    private LumaRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation != Operation.TEXT_TO_VIDEO && operation != Operation.IMAGE_TO_VIDEO) {
            errors.add(new FieldError("operation", operation == null ? ErrorCodes.FIELD_REQUIRED : ErrorCodes.UNSUPPORTED_OPERATION,
                    "luma offers text-to-video (also extending an earlier generation) and image-to-video"));
            return errors;
        }
        if (request.model() != null) {
            errors.add(invalid("model", "luma's documented request has no model field; leave model out"));
        }
        JobInput input = request.input();
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "luma requires a prompt, also for image-to-video"));
        }
        checkImage(errors, operation, input.imageUrls());
        if (input.aspectRatio() != null && !ASPECT_RATIOS.contains(input.aspectRatio())) {
            errors.add(invalid("input.aspectRatio", "luma's aspect ratios are " + ASPECT_RATIOS));
        }
        if (input.durationSeconds() != null && input.durationSeconds() != DURATION_SECONDS) {
            errors.add(invalid("input.durationSeconds", "luma generations are " + DURATION_SECONDS
                    + " s long (no duration field); leave durationSeconds out or set " + DURATION_SECONDS));
        }
        if (input.negativePrompt() != null) {
            errors.add(invalid("input.negativePrompt", "luma does not support negative prompts; describe what should be seen"));
        }
        if (input.seed() != null) {
            errors.add(invalid("input.seed", "luma's documented request has no seed"));
        }
        if (input.resolution() != null) {
            errors.add(invalid("input.resolution", "luma's documented request has no resolution; aspectRatio sets the shape"));
        }
        checkOptions(errors, operation, request.options());
        return List.copyOf(errors);
    }

    private static void checkImage(List<FieldError> errors, Operation operation, List<String> imageUrls) {
        if (operation == Operation.TEXT_TO_VIDEO) {
            if (!imageUrls.isEmpty()) {
                errors.add(invalid("input.imageUrls", "text-to-video takes no image; use image-to-video"));
            }
            return;
        }
        if (imageUrls.isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "image-to-video needs one image URL (keyframes.frame0)"));
        } else if (imageUrls.size() > 1) {
            errors.add(invalid("input.imageUrls", "luma starts from one image (frame0), got " + imageUrls.size()));
        } else if (!HttpUrls.isHttpUrl(imageUrls.getFirst())) {
            errors.add(invalid("input.imageUrls[0]", "the image must be an absolute http(s) URL"));
        }
    }

    private static void checkOptions(List<FieldError> errors, Operation operation, Map<String, Object> options) {
        options.forEach((name, value) -> {
            String field = "options." + name;
            if (!OPTIONS.contains(name)) {
                errors.add(invalid(field, "luma's only option is " + EXTEND_GENERATION_ID
                        + "; prompt, aspectRatio, loop and the image come from the input"));
            } else if (!(value instanceof String id) || id.isBlank() || id.length() > MAX_GENERATION_ID_CHARS) {
                errors.add(invalid(field, EXTEND_GENERATION_ID + " must be the id of an earlier luma generation"));
            } else if (operation != Operation.TEXT_TO_VIDEO) {
                errors.add(invalid(field, "an extension starts from the earlier generation, not an image: use text-to-video"));
            }
        });
    }

    private static FieldError invalid(String field, String message) {
        return new FieldError(field, ErrorCodes.FIELD_INVALID, message);
    }
}
