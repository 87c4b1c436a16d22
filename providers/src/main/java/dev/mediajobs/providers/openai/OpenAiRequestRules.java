package dev.mediajobs.providers.openai;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.PixelSize;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What OpenAI would reject (document 000, "Image Generation" and "Image Editing"), found before any network call. A
 * neutral input field DALL-E cannot carry (negative prompt, seed, duration, loop) is an error rather than silently
 * dropped; unknown options are errors too, as a misspelt option would otherwise cost a paid call with defaults.
 */
final class OpenAiRequestRules {

    static final int MAX_PROMPT_CHARS = 4_000;
    static final String MODEL = "dall-e-3";
    static final String SIZE = "size";
    static final String QUALITY = "quality";
    static final String STYLE = "style";
    static final String N = "n";
    static final Set<String> QUALITIES = Set.of("standard", "hd");
    static final Set<String> STYLES = Set.of("vivid", "natural");
    static final Set<String> GENERATION_OPTIONS = Set.of(SIZE, QUALITY, STYLE, N);
    static final Set<String> EDIT_OPTIONS = Set.of(SIZE, N);

    private OpenAiRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation != Operation.TEXT_TO_IMAGE && operation != Operation.IMAGE_TO_IMAGE) {
            errors.add(new FieldError("operation", operation == null ? ErrorCodes.FIELD_REQUIRED : ErrorCodes.UNSUPPORTED_OPERATION,
                    "openai offers text-to-image (generations) and image-to-image (edits)"));
            return errors;
        }
        boolean edit = operation == Operation.IMAGE_TO_IMAGE;
        checkModel(errors, request.model(), edit);
        checkPrompt(errors, request.input().prompt());
        checkImages(errors, request.input().imageUrls(), edit);
        checkUnsupportedInput(errors, request.input());
        checkSizeInputs(errors, request.input(), edit);
        checkOptions(errors, request.options(), edit);
        return List.copyOf(errors);
    }

    private static void checkModel(List<FieldError> errors, String model, boolean edit) {
        if (model == null) {
            return;
        }
        if (edit) {
            errors.add(invalid("model", "the documented edit form has no model field; leave model out for image-to-image"));
        } else if (!MODEL.equals(model)) {
            errors.add(invalid("model", "openai generations use model " + MODEL));
        }
    }

    private static void checkPrompt(List<FieldError> errors, String prompt) {
        if (prompt == null || prompt.isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "openai needs a prompt"));
        } else if (prompt.length() > MAX_PROMPT_CHARS) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_TOO_LONG,
                    "openai accepts at most " + MAX_PROMPT_CHARS + " prompt characters, got " + prompt.length()));
        }
    }

    private static void checkImages(List<FieldError> errors, List<String> imageUrls, boolean edit) {
        if (!edit) {
            if (!imageUrls.isEmpty()) {
                errors.add(invalid("input.imageUrls", "text-to-image takes no image; edits are image-to-image"));
            }
            return;
        }
        if (imageUrls.isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED,
                    "an edit needs one image URL: a square PNG with transparency, smaller than 4 MB"));
        } else if (imageUrls.size() > 1) {
            errors.add(invalid("input.imageUrls", "the edit form takes exactly one image, got " + imageUrls.size()));
        } else if (!isHttpUrl(imageUrls.getFirst())) {
            errors.add(invalid("input.imageUrls[0]", "the image must be an absolute http(s) URL"));
        }
    }

    private static void checkUnsupportedInput(List<FieldError> errors, JobInput input) {
        if (input.negativePrompt() != null) {
            errors.add(invalid("input.negativePrompt", "DALL-E has no negative prompt; say what you want in the prompt"));
        }
        if (input.seed() != null) {
            errors.add(invalid("input.seed", "DALL-E takes no seed"));
        }
        if (input.durationSeconds() != null) {
            errors.add(invalid("input.durationSeconds", "openai makes images, which have no duration"));
        }
        if (Boolean.TRUE.equals(input.loop())) {
            errors.add(invalid("input.loop", "openai makes images, which do not loop"));
        }
    }

    private static void checkSizeInputs(List<FieldError> errors, JobInput input, boolean edit) {
        String resolution = input.resolution();
        if (resolution != null) {
            boolean ok = edit ? OpenAiImageSize.EDIT_SIZES.contains(resolution.trim()) : PixelSize.parse(resolution).isPresent();
            if (!ok) {
                errors.add(invalid("input.resolution", edit
                        ? "an edit's output size is one of " + OpenAiImageSize.EDIT_SIZES
                        : "resolution must be WIDTHxHEIGHT; it picks the DALL-E 3 size of the same orientation: "
                        + OpenAiImageSize.GENERATION_SIZES));
            }
        }
        String ratio = input.aspectRatio();
        if (ratio != null) {
            if (!PixelSize.isRatio(ratio)) {
                errors.add(invalid("input.aspectRatio", "aspectRatio must look like 16:9"));
            } else if (edit && !OpenAiImageSize.isSquare(ratio)) {
                errors.add(invalid("input.aspectRatio", "edits take and return square images: 1:1"));
            }
        }
    }

    private static void checkOptions(List<FieldError> errors, Map<String, Object> options, boolean edit) {
        Set<String> known = edit ? EDIT_OPTIONS : GENERATION_OPTIONS;
        options.forEach((name, value) -> {
            String field = "options." + name;
            if (!known.contains(name)) {
                errors.add(invalid(field, (edit ? "image-to-image" : "text-to-image") + " takes the options " + known
                        + (GENERATION_OPTIONS.contains(name) ? "; " + name + " is for text-to-image only" : "")));
            } else if (name.equals(N) && !isOne(value)) {
                errors.add(invalid(field, "DALL-E 3 makes one image per request: n must be 1"));
            } else if (name.equals(SIZE)) {
                List<String> sizes = edit ? OpenAiImageSize.EDIT_SIZES : OpenAiImageSize.GENERATION_SIZES;
                if (!(value instanceof String s && sizes.contains(s))) {
                    errors.add(invalid(field, "size must be one of " + sizes));
                }
            } else if (name.equals(QUALITY) && !(value instanceof String s && QUALITIES.contains(s))) {
                errors.add(invalid(field, "quality must be \"standard\" or \"hd\""));
            } else if (name.equals(STYLE) && !(value instanceof String s && STYLES.contains(s))) {
                errors.add(invalid(field, "style must be \"vivid\" or \"natural\""));
            }
        });
    }

    private static boolean isOne(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        try {
            return new BigDecimal(n.toString()).compareTo(BigDecimal.ONE) == 0;
        } catch (NumberFormatException notFinite) {
            return false;
        }
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static FieldError invalid(String field, String message) {
        return new FieldError(field, ErrorCodes.FIELD_INVALID, message);
    }
}
