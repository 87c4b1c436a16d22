package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wan 2.2 and 2.5 on the generic job endpoint, each version with its own documented input: 2.2 takes
 * {@code resolution} 480p/580p/720p and {@code aspect_ratio}, 2.5 takes {@code duration} '5'/'10' and
 * {@code resolution} 720p/1080p (and, as documented, no aspect ratio). Image-to-video models take one
 * {@code image_url}.
 */
final class WanFamily implements KieFamily {

    static final String ID = "wan";
    private static final String V22_IMAGE = "wan/2-2-a14b-image-to-video-turbo";
    private static final String V22_TEXT = "wan/2-2-a14b-text-to-video-turbo";
    private static final String V25_IMAGE = "wan/2-5-image-to-video";
    private static final String V25_TEXT = "wan/2-5-text-to-video";
    private static final List<String> MODELS = List.of(V22_IMAGE, V22_TEXT, V25_IMAGE, V25_TEXT);
    private static final List<String> V22_RESOLUTIONS = List.of("480p", "580p", "720p");
    private static final List<String> V22_INPUT_RATIOS = List.of("16:9", "9:16", "1:1");
    private static final List<String> V22_RATIOS = List.of("auto", "16:9", "9:16", "1:1");
    private static final List<String> V25_RESOLUTIONS = List.of("720p", "1080p");
    private static final List<Integer> V25_DURATIONS = List.of(5, 10);
    private static final List<String> V25_DURATION_TEXTS = List.of("5", "10");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return MODELS;
    }

    @Override
    public String defaultModel(Operation operation) {
        return operation == Operation.IMAGE_TO_VIDEO ? V25_IMAGE : V25_TEXT;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO);
    }

    @Override
    public long pollIntervalMillis() {
        return 10_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", "Wan: " + MODELS);
        rules.put("input.resolution", "Wan 2.2: " + V22_RESOLUTIONS + "; Wan 2.5: " + V25_RESOLUTIONS);
        rules.put("input.aspectRatio", "Wan 2.2: " + V22_INPUT_RATIOS + " (options.aspect_ratio: auto); Wan 2.5: none");
        rules.put("input.durationSeconds", "Wan 2.5: 5 or 10; Wan 2.2: none");
        rules.put("input.imageUrls", "Wan image-to-video: exactly 1 (image_url)");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        Operation modelOperation = imageModel(job.model()) ? Operation.IMAGE_TO_VIDEO : Operation.TEXT_TO_VIDEO;
        if (job.operation() != null && modelOperation != job.operation()) {
            checks.invalid("model", job.model() + " is a " + modelOperation.wireName() + " model, not " + job.operation().wireName());
        }
        checks.prompt(job, "Wan");
        checks.unsupported(job, "Wan", "negativePrompt", "seed", "loop");
        checks.imageCount(job, modelOperation == Operation.IMAGE_TO_VIDEO ? 1 : 0,
                modelOperation == Operation.IMAGE_TO_VIDEO ? 1 : 0, "Wan " + modelOperation.wireName());
        if (isV22(job.model())) {
            checks.oneOf("input.resolution", job.input().resolution(), V22_RESOLUTIONS);
            checks.optionOneOf(job, "resolution", V22_RESOLUTIONS);
            checks.oneOf("input.aspectRatio", job.input().aspectRatio(), V22_INPUT_RATIOS);
            checks.optionOneOf(job, "aspect_ratio", V22_RATIOS);
            checks.unsupported(job, "Wan 2.2", "durationSeconds");
        } else {
            checks.oneOf("input.resolution", job.input().resolution(), V25_RESOLUTIONS);
            checks.optionOneOf(job, "resolution", V25_RESOLUTIONS);
            checks.oneOf("input.durationSeconds", job.input().durationSeconds(), V25_DURATIONS);
            checks.optionOneOf(job, "duration", V25_DURATION_TEXTS);
            checks.unsupported(job, "Wan 2.5", "aspectRatio");
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", job.prompt());
        if (imageModel(job.model())) {
            input.put("image_url", job.imageUrls().getFirst());
        }
        KieJob.putIfPresent(input, "resolution", job.input().resolution());
        if (isV22(job.model())) {
            KieJob.putIfPresent(input, "aspect_ratio", job.input().aspectRatio());
        } else if (job.input().durationSeconds() != null) {
            input.put("duration", String.valueOf(job.input().durationSeconds()));
        }
        return KieJobsEndpoint.submission(job, input, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        return KieJobsEndpoint.poll(kieTaskId, calls, pollIntervalMillis());
    }

    private static boolean isV22(String model) {
        return V22_IMAGE.equals(model) || V22_TEXT.equals(model);
    }

    private static boolean imageModel(String model) {
        return V22_IMAGE.equals(model) || V25_IMAGE.equals(model);
    }
}
