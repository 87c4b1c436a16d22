package dev.mediajobs.providers.runware;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Runware would answer with an {@code errors[]} entry ({@code invalidModel}, {@code invalidDuration},
 * {@code unsupportedDimensions}, {@code unsupportedParameter}), found before any network call.
 */
final class RunwareRequestRules {

    /** First and last frame: the document calls {@code frameImages} "input frames" without a count; two is our cap. */
    static final int MAX_FRAME_IMAGES = 2;
    static final Set<Operation> OPERATIONS = Set.of(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO);

    /** Fields the adapter sets from the neutral input or the request itself: never taken from options. */
    private static final Map<String, String> SET_BY_ADAPTER = Map.of(
            "taskType", "the adapter sends videoInference",
            "taskUUID", "the adapter sends the job id",
            "positivePrompt", "use input.prompt",
            "negativePrompt", "use input.negativePrompt",
            "model", "use the job's model",
            "duration", "use input.durationSeconds",
            "width", "use input.resolution or input.aspectRatio",
            "height", "use input.resolution or input.aspectRatio",
            "seed", "use input.seed",
            "webhookURL", "the adapter sends the job's callback URL");

    /** The documented optional and advanced videoInference parameters, with their rules. */
    static final Map<String, String> OPTION_RULES = optionRules();

    private RunwareRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation == null) {
            errors.add(new FieldError("operation", ErrorCodes.FIELD_REQUIRED, "operation is required"));
        } else if (!OPERATIONS.contains(operation)) {
            errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION,
                    "Runware's videoInference does text-to-video and image-to-video, not " + operation.wireName()));
        }
        JobInput input = request.input();
        if (input.prompt() == null || input.prompt().isBlank()) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "Runware requires positivePrompt: input.prompt"));
        }
        Optional<RunwareModels> model = RunwareModels.of(request.model());
        if (model.isEmpty()) {
            errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID,
                    "Runware's video models are " + RunwareModels.LISTED + " (or another runware:<id>@<version>)"));
        } else {
            checkForModel(errors, input, model.get(), request.options());
        }
        checkImages(errors, operation, input);
        if (input.loop() != null) {
            errors.add(new FieldError("input.loop", ErrorCodes.FIELD_INVALID, "Runware's videoInference has no loop parameter"));
        }
        checkOptions(errors, request.options());
        return List.copyOf(errors);
    }

    private static void checkForModel(List<FieldError> errors, JobInput input, RunwareModels model, Map<String, Object> options) {
        if (input.durationSeconds() != null && !model.allowsDuration(input.durationSeconds())) {
            errors.add(new FieldError("input.durationSeconds", ErrorCodes.FIELD_INVALID,
                    "this model takes " + model.durationRule() + ", not " + input.durationSeconds()));
        }
        RunwareVideoSize.Outcome size = RunwareVideoSize.of(input.resolution(), input.aspectRatio(), model);
        if (size.error() != null) {
            errors.add(size.error());
        }
        if (!model.takesSeedAndFps()) {
            if (input.seed() != null) {
                errors.add(new FieldError("input.seed", ErrorCodes.FIELD_INVALID, "Kling models do not support a seed"));
            }
            if (options.containsKey("fps")) {
                errors.add(new FieldError("options.fps", ErrorCodes.FIELD_INVALID, "Kling models control their frame rate: no fps"));
            }
        }
    }

    private static void checkImages(List<FieldError> errors, Operation operation, JobInput input) {
        if (operation == Operation.IMAGE_TO_VIDEO) {
            if (input.imageUrls().isEmpty()) {
                errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "image-to-video needs a first frame in input.imageUrls"));
            } else if (input.imageUrls().size() > MAX_FRAME_IMAGES) {
                errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_TOO_LONG,
                        "image-to-video takes at most " + MAX_FRAME_IMAGES + " frames (first and last)"));
            }
        }
        for (int i = 0; i < input.imageUrls().size(); i++) {
            if (!isHttpUrl(input.imageUrls().get(i))) {
                errors.add(new FieldError("input.imageUrls[" + i + "]", ErrorCodes.FIELD_INVALID, "must be an absolute http(s) URL"));
            }
        }
    }

    private static void checkOptions(List<FieldError> errors, Map<String, Object> options) {
        options.forEach((name, value) -> {
            String field = "options." + name;
            if (SET_BY_ADAPTER.containsKey(name)) {
                errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, name + " is not an option: " + SET_BY_ADAPTER.get(name)));
            } else if (!OPTION_RULES.containsKey(name)) {
                errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID,
                        "not a Runware videoInference parameter; the documented ones are " + OPTION_RULES.keySet()));
            } else if (!valid(name, value)) {
                errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, name + ": " + OPTION_RULES.get(name)));
            }
        });
    }

    private static boolean valid(String name, Object value) {
        return switch (name) {
            case "fps" -> wholeNumberWithin(value, 6, 30);
            case "outputFormat" -> "mp4".equals(value);
            case "outputQuality" -> wholeNumberWithin(value, 20, 99);
            case "ttl" -> wholeNumberWithin(value, 300, 3600);
            case "CFGScale" -> numberWithin(value, 1.0, 20.0);
            case "numberResults" -> wholeNumberWithin(value, 1, 4);
            case "deliveryMethod" -> "async".equals(value) || "sync".equals(value);
            case "referenceImages" -> value instanceof List<?> list && !list.isEmpty()
                    && list.stream().allMatch(item -> item instanceof String s && !s.isBlank());
            case "frameImages" -> value instanceof List<?> list && !list.isEmpty();
            case "providerSettings", "advancedFeatures" -> value instanceof Map<?, ?>;
            case "uploadEndpoint" -> value instanceof String s && isHttpUrl(s);
            default -> false;
        };
    }

    private static Map<String, String> optionRules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("fps", "whole number 6-30 (not for Kling models)");
        rules.put("outputFormat", "\"mp4\"");
        rules.put("outputQuality", "whole number 20-99");
        rules.put("ttl", "whole number of seconds 300-3600");
        rules.put("CFGScale", "number 1.0-20.0");
        rules.put("numberResults", "whole number 1-4");
        rules.put("deliveryMethod", "\"async\" (default) or \"sync\"");
        rules.put("referenceImages", "non-empty array of Base64 images or URLs (text-to-video: input.imageUrls go here)");
        rules.put("frameImages", "non-empty array; replaces the Base64 frames the adapter makes from input.imageUrls");
        rules.put("providerSettings", "object, model-specific");
        rules.put("advancedFeatures", "object, model-dependent");
        rules.put("uploadEndpoint", "an http(s) URL");
        return Map.copyOf(rules);
    }

    static boolean wholeNumberWithin(Object value, long min, long max) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return v >= min && v <= max;
        }
        if (value instanceof BigInteger big) {
            return big.compareTo(BigInteger.valueOf(min)) >= 0 && big.compareTo(BigInteger.valueOf(max)) <= 0;
        }
        return false;
    }

    private static boolean numberWithin(Object value, double min, double max) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue();
        return !Double.isNaN(v) && v >= min && v <= max;
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
}
