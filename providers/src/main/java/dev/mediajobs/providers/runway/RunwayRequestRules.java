package dev.mediajobs.providers.runway;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.HttpUrls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Runway would reject (document 000, "Runway Gen-3"), found before any network call. Every documented field has
 * a neutral counterpart (promptText ← prompt, duration ← durationSeconds, ratio ← aspectRatio, promptImage ←
 * imageUrls[0]), so Runway takes no options; neutral fields the documented request cannot carry are errors rather
 * than silently dropped.
 */
final class RunwayRequestRules {

    static final List<String> MODELS = List.of("gen3a_turbo", "gen3a");
    static final Set<Integer> DURATIONS = Set.of(5, 10);
    static final List<String> RATIOS = List.of("16:9", "9:16", "1:1");

    private RunwayRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation != Operation.TEXT_TO_VIDEO && operation != Operation.IMAGE_TO_VIDEO) {
            errors.add(new FieldError("operation", operation == null ? ErrorCodes.FIELD_REQUIRED : ErrorCodes.UNSUPPORTED_OPERATION,
                    "runway offers text-to-video and image-to-video"));
            return errors;
        }
        JobInput input = request.input();
        if (request.model() != null && !MODELS.contains(request.model())) {
            errors.add(invalid("model", "runway's models are " + MODELS));
        }
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "runway requires promptText, also for image-to-video"));
        }
        checkImage(errors, operation, input.imageUrls());
        if (input.durationSeconds() != null && !DURATIONS.contains(input.durationSeconds())) {
            errors.add(invalid("input.durationSeconds", "runway makes 5 or 10 second videos"));
        }
        if (input.aspectRatio() != null && !RATIOS.contains(input.aspectRatio())) {
            errors.add(invalid("input.aspectRatio", "runway's ratios are " + RATIOS));
        }
        if (input.negativePrompt() != null) {
            errors.add(invalid("input.negativePrompt", "runway's documented request has no negative prompt"));
        }
        if (input.seed() != null) {
            errors.add(invalid("input.seed", "runway's documented request has no seed"));
        }
        if (input.resolution() != null) {
            errors.add(invalid("input.resolution", "runway's documented request has no resolution; the ratio sets the shape"));
        }
        if (Boolean.TRUE.equals(input.loop())) {
            errors.add(invalid("input.loop", "runway's documented request has no loop"));
        }
        request.options().keySet().forEach(name -> errors.add(invalid("options." + name,
                "runway takes no options: its documented fields come from the input (prompt, durationSeconds, aspectRatio, imageUrls)")));
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
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "image-to-video needs one image URL (promptImage)"));
        } else if (imageUrls.size() > 1) {
            errors.add(invalid("input.imageUrls", "runway takes one promptImage, got " + imageUrls.size()));
        } else if (!HttpUrls.isHttpUrl(imageUrls.getFirst())) {
            errors.add(invalid("input.imageUrls[0]", "promptImage must be an absolute http(s) URL"));
        }
    }

    private static FieldError invalid(String field, String message) {
        return new FieldError(field, ErrorCodes.FIELD_INVALID, message);
    }
}
