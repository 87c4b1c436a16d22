package dev.mediajobs.providers.nanobanana;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.FieldChecks;
import dev.mediajobs.providers.http.PixelSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the adapter refuses before any call, from the document's generate request. */
final class NanobananaRequestRules {

    static final String STEPS = "steps";
    static final String GUIDANCE_SCALE = "guidance_scale";
    static final String REFERENCE_STRENGTH = "reference_strength";
    /** Body fields the adapter sets from the neutral input. */
    static final Set<String> RESERVED_OPTIONS = Set.of("prompt", "width", "height", "reference_images");
    private static final String REQUEST_HAS_NO = "Nanobanana's generate request has no";

    private NanobananaRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation != Operation.TEXT_TO_IMAGE && operation != Operation.IMAGE_TO_IMAGE) {
            errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION,
                    "Nanobanana Pro makes images: text-to-image, or image-to-image with reference images"));
        }
        if (request.model() != null && !NanobananaProviderAdapter.MODELS.contains(request.model())) {
            errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID, "Nanobanana models are " + NanobananaProviderAdapter.MODELS));
        }
        JobInput input = request.input();
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "Nanobanana needs a prompt"));
        }
        if (operation == Operation.IMAGE_TO_IMAGE && input.imageUrls().isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "image-to-image needs at least one reference image URL"));
        }
        if (operation == Operation.TEXT_TO_IMAGE && !input.imageUrls().isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_INVALID, "reference images make it image-to-image"));
        }
        checkSize(errors, input);
        FieldChecks.notTaken(errors, "input.negativePrompt", input.negativePrompt(), REQUEST_HAS_NO);
        FieldChecks.notTaken(errors, "input.durationSeconds", input.durationSeconds(), REQUEST_HAS_NO);
        FieldChecks.notTaken(errors, "input.seed", input.seed(), REQUEST_HAS_NO);
        FieldChecks.notTaken(errors, "input.loop", input.loop(), REQUEST_HAS_NO);
        checkOptions(errors, request);
        return List.copyOf(errors);
    }

    private static void checkSize(List<FieldError> errors, JobInput input) {
        if (input.aspectRatio() != null && !PixelSize.isRatio(input.aspectRatio())) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio must look like 16:9"));
        }
        if (NanobananaImageSize.of(input).isEmpty()) {
            errors.add(new FieldError("input.resolution", ErrorCodes.FIELD_INVALID, "resolution must be 1K, 2K, 4K or "
                    + "WIDTHxHEIGHT with both sides at most " + NanobananaImageSize.MAX_SIDE));
        } else if (NanobananaImageSize.contradicts(input)) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio " + input.aspectRatio()
                    + " contradicts resolution " + input.resolution() + "; give one of them, or a preset (1K/2K/4K) with the ratio"));
        }
    }

    private static void checkOptions(List<FieldError> errors, ProviderRequest request) {
        Object steps = request.options().get(STEPS);
        if (steps != null && !FieldChecks.isPositiveWholeNumber(steps)) {
            errors.add(new FieldError("options." + STEPS, ErrorCodes.FIELD_INVALID, "options.steps must be a whole number of at least 1"));
        }
        Object guidance = request.options().get(GUIDANCE_SCALE);
        if (guidance != null && !(guidance instanceof Number n && n.doubleValue() > 0)) {
            errors.add(new FieldError("options." + GUIDANCE_SCALE, ErrorCodes.FIELD_INVALID, "options.guidance_scale must be a number above 0"));
        }
        Object strength = request.options().get(REFERENCE_STRENGTH);
        if (strength != null) {
            if (!(strength instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
                errors.add(new FieldError("options." + REFERENCE_STRENGTH, ErrorCodes.FIELD_INVALID,
                        "options.reference_strength must be a number from 0 to 1"));
            } else if (request.input().imageUrls().isEmpty()) {
                errors.add(new FieldError("options." + REFERENCE_STRENGTH, ErrorCodes.FIELD_INVALID,
                        "options.reference_strength applies to reference images (input.imageUrls)"));
            }
        }
        FieldChecks.reservedOptions(errors, request.options(), RESERVED_OPTIONS,
                "is set from the input (prompt, resolution, aspectRatio, imageUrls)");
    }
}
