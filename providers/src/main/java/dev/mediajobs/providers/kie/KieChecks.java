package dev.mediajobs.providers.kie;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects the field errors of one request, with the few rule shapes Kie's families need. */
final class KieChecks {

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    void invalid(String field, String message) {
        errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, message));
    }

    void required(String field, String message) {
        errors.add(new FieldError(field, ErrorCodes.FIELD_REQUIRED, message));
    }

    void tooMany(String field, String message) {
        errors.add(new FieldError(field, ErrorCodes.FIELD_TOO_LONG, message));
    }

    void unsupportedOperation(String message) {
        errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION, message));
    }

    void prompt(KieJob job, String family) {
        if (job.prompt() == null || job.prompt().isBlank()) {
            required("input.prompt", family + " requires a prompt");
        }
    }

    /** A value of the neutral input or an option that must be one of the documented values. */
    void oneOf(String field, Object value, Collection<?> allowed) {
        if (value != null && !allowed.contains(value)) {
            invalid(field, field + " must be one of " + allowed + ", not " + cut(value));
        }
    }

    void optionOneOf(KieJob job, String name, Collection<?> allowed) {
        oneOf("options." + name, job.option(name), allowed);
    }

    void optionBoolean(KieJob job, String name) {
        Object value = job.option(name);
        if (value != null && !(value instanceof Boolean)) {
            invalid("options." + name, "options." + name + " must be true or false");
        }
    }

    void optionText(KieJob job, String name) {
        Object value = job.option(name);
        if (value != null && !(value instanceof String s && !s.isBlank())) {
            invalid("options." + name, "options." + name + " must be a non-empty string");
        }
    }

    void optionUrl(KieJob job, String name) {
        Object value = job.option(name);
        if (value != null && !(value instanceof String s && isHttpUrl(s))) {
            invalid("options." + name, "options." + name + " must be an absolute http(s) URL");
        }
    }

    /** Between min and max input URLs; {@code what} names them in the message (e.g. "Veo image-to-video"). */
    void imageCount(KieJob job, int min, int max, String what) {
        int n = job.imageUrls().size();
        if (n < min) {
            required("input.imageUrls", what + " needs " + (min == max ? "exactly " + min : "at least " + min)
                    + " URL" + (min == 1 ? "" : "s") + " in input.imageUrls");
        } else if (n > max) {
            if (max == 0) {
                invalid("input.imageUrls", what + " takes no input.imageUrls");
            } else {
                tooMany("input.imageUrls", what + " takes at most " + max + " URL" + (max == 1 ? "" : "s") + " in input.imageUrls");
            }
        }
    }

    /** Neutral input fields the family has no parameter for: rejected rather than silently dropped. */
    void unsupported(KieJob job, String family, String... fields) {
        JobInput input = job.input();
        for (String field : fields) {
            Object value = switch (field) {
                case "negativePrompt" -> input.negativePrompt();
                case "aspectRatio" -> input.aspectRatio();
                case "durationSeconds" -> input.durationSeconds();
                case "resolution" -> input.resolution();
                case "seed" -> input.seed();
                case "loop" -> input.loop();
                case "imageUrls" -> input.imageUrls().isEmpty() ? null : input.imageUrls();
                default -> throw new IllegalArgumentException("not a neutral input field: " + field);
            };
            if (value != null) {
                invalid("input." + field, family + " has no parameter for input." + field);
            }
        }
    }

    static boolean isHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String cut(Object value) {
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
