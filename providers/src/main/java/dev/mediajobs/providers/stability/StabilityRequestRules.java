package dev.mediajobs.providers.stability;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Stability would reject (document 000, "Stability AI"), found before any network call. The form has
 * {@code image}, {@code seed}, {@code cfg_scale} and {@code motion_bucket_id}: the image and seed come from the
 * neutral input, the other two are options. Neutral fields the form cannot carry (a prompt: "no text-to-video") are
 * errors rather than silently dropped.
 */
final class StabilityRequestRules {

    static final long MAX_SEED = 4_294_967_294L;
    static final String CFG_SCALE = "cfg_scale";
    static final String MOTION_BUCKET_ID = "motion_bucket_id";
    static final Set<String> OPTIONS = Set.of(CFG_SCALE, MOTION_BUCKET_ID);
    static final BigDecimal MIN_CFG_SCALE = BigDecimal.ZERO;
    static final BigDecimal MAX_CFG_SCALE = BigDecimal.TEN;
    static final int MIN_MOTION_BUCKET = 1;
    static final int MAX_MOTION_BUCKET = 255;

    private StabilityRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.operation() != Operation.IMAGE_TO_VIDEO) {
            errors.add(new FieldError("operation", request.operation() == null ? ErrorCodes.FIELD_REQUIRED : ErrorCodes.UNSUPPORTED_OPERATION,
                    "stability offers image-to-video only (no text-to-video)"));
            return errors;
        }
        if (request.model() != null) {
            errors.add(invalid("model", "stability's image-to-video has no model field; leave model out"));
        }
        JobInput input = request.input();
        checkImage(errors, input.imageUrls());
        if (input.seed() != null && (input.seed() < 0 || input.seed() > MAX_SEED)) {
            errors.add(invalid("input.seed", "seed must be 0-" + MAX_SEED));
        }
        checkUnsupportedInput(errors, input);
        checkOptions(errors, request.options());
        return List.copyOf(errors);
    }

    private static void checkImage(List<FieldError> errors, List<String> imageUrls) {
        if (imageUrls.isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "stability needs the source image: one image URL"));
        } else if (imageUrls.size() > 1) {
            errors.add(invalid("input.imageUrls", "stability animates exactly one image, got " + imageUrls.size()));
        } else if (!isHttpUrl(imageUrls.getFirst())) {
            errors.add(invalid("input.imageUrls[0]", "the image must be an absolute http(s) URL"));
        }
    }

    private static void checkUnsupportedInput(List<FieldError> errors, JobInput input) {
        if (input.prompt() != null && !input.prompt().isBlank()) {
            errors.add(invalid("input.prompt", "stability's image-to-video takes no prompt: the motion comes from the image, "
                    + "cfg_scale and motion_bucket_id"));
        }
        if (input.negativePrompt() != null) {
            errors.add(invalid("input.negativePrompt", "stability's image-to-video takes no negative prompt"));
        }
        if (input.aspectRatio() != null) {
            errors.add(invalid("input.aspectRatio", "the video has the image's shape; stability takes no aspect ratio"));
        }
        if (input.resolution() != null) {
            errors.add(invalid("input.resolution", "the video has the image's size; stability takes no resolution"));
        }
        if (input.durationSeconds() != null) {
            errors.add(invalid("input.durationSeconds", "stability's image-to-video takes no duration"));
        }
        if (Boolean.TRUE.equals(input.loop())) {
            errors.add(invalid("input.loop", "stability's image-to-video takes no loop"));
        }
    }

    private static void checkOptions(List<FieldError> errors, Map<String, Object> options) {
        options.forEach((name, value) -> {
            String field = "options." + name;
            if (!OPTIONS.contains(name)) {
                errors.add(invalid(field, "stability's options are " + OPTIONS + "; the image and seed come from the input"));
            } else if (name.equals(CFG_SCALE)) {
                BigDecimal v = decimal(value);
                if (v == null || v.compareTo(MIN_CFG_SCALE) < 0 || v.compareTo(MAX_CFG_SCALE) > 0) {
                    errors.add(invalid(field, "cfg_scale (motion strength) must be a number 0-10"));
                }
            } else {
                BigDecimal v = decimal(value);
                if (v == null || v.stripTrailingZeros().scale() > 0
                        || v.compareTo(BigDecimal.valueOf(MIN_MOTION_BUCKET)) < 0 || v.compareTo(BigDecimal.valueOf(MAX_MOTION_BUCKET)) > 0) {
                    errors.add(invalid(field, "motion_bucket_id (motion amount) must be a whole number 1-255"));
                }
            }
        });
    }

    /** The option as an exact decimal, or null when it is no finite number (JSON numbers arrive as Integer, Long, Double, BigDecimal…). */
    static BigDecimal decimal(Object value) {
        if (!(value instanceof Number n)) {
            return null;
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException notFinite) {
            return null;
        }
    }

    private static boolean isHttpUrl(String url) {
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
