package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sora 2 on the generic job endpoint. Each model is one operation; {@code input.aspectRatio} 16:9 / 9:16 becomes
 * {@code landscape} / {@code portrait} and {@code input.durationSeconds} 10 / 15 becomes {@code n_frames}. The
 * document lists {@code sora-watermark-remover} without its input; it takes the video as {@code video_url} (Kie's
 * field), from the job's one input URL.
 */
final class SoraFamily implements KieFamily {

    static final String ID = "sora";
    static final String WATERMARK_REMOVER = "sora-watermark-remover";
    private static final Map<String, Operation> MODELS = operationByModel();
    private static final Map<String, String> RATIOS = Map.of("16:9", "landscape", "9:16", "portrait");
    private static final List<String> ASPECTS = List.of("portrait", "landscape");
    private static final List<Integer> DURATIONS = List.of(10, 15);
    private static final List<String> FRAMES = List.of("10", "15");

    private static Map<String, Operation> operationByModel() {
        Map<String, Operation> models = new LinkedHashMap<>();
        models.put("sora-2-text-to-video", Operation.TEXT_TO_VIDEO);
        models.put("sora-2-image-to-video", Operation.IMAGE_TO_VIDEO);
        models.put("sora-2-pro-text-to-video", Operation.TEXT_TO_VIDEO);
        models.put("sora-2-pro-image-to-video", Operation.IMAGE_TO_VIDEO);
        models.put(WATERMARK_REMOVER, Operation.VIDEO_TO_VIDEO);
        return models;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return List.copyOf(MODELS.keySet());
    }

    @Override
    public String defaultModel(Operation operation) {
        return switch (operation) {
            case IMAGE_TO_VIDEO -> "sora-2-image-to-video";
            case VIDEO_TO_VIDEO -> WATERMARK_REMOVER;
            default -> "sora-2-text-to-video";
        };
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO, Operation.VIDEO_TO_VIDEO);
    }

    @Override
    public long pollIntervalMillis() {
        return 10_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", "Sora 2: " + MODELS.keySet() + ", each for its own operation");
        rules.put("input.aspectRatio", "Sora 2: 16:9 (landscape) or 9:16 (portrait)");
        rules.put("input.durationSeconds", "Sora 2: 10 or 15 (n_frames)");
        rules.put("input.imageUrls", "Sora 2 image-to-video: at least 1 (image_urls); watermark remover: exactly 1 video");
        rules.put("options.remove_watermark", "true or false");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        Operation modelOperation = MODELS.get(job.model());
        if (job.operation() != null && modelOperation != job.operation()) {
            checks.invalid("model", job.model() + " is a " + modelOperation.wireName() + " model, not " + job.operation().wireName());
        }
        checks.unsupported(job, "Sora 2", "negativePrompt", "resolution", "seed", "loop");
        if (WATERMARK_REMOVER.equals(job.model())) {
            checks.imageCount(job, 1, 1, "The Sora watermark remover");
            checks.unsupported(job, "The Sora watermark remover", "aspectRatio", "durationSeconds");
            return;
        }
        checks.prompt(job, "Sora 2");
        checks.oneOf("input.aspectRatio", job.input().aspectRatio(), RATIOS.keySet());
        checks.optionOneOf(job, "aspect_ratio", ASPECTS);
        checks.oneOf("input.durationSeconds", job.input().durationSeconds(), DURATIONS);
        checks.optionOneOf(job, "n_frames", FRAMES);
        checks.optionBoolean(job, "remove_watermark");
        if (modelOperation == Operation.IMAGE_TO_VIDEO) {
            checks.imageCount(job, 1, Integer.MAX_VALUE, "Sora 2 image-to-video");
        } else {
            checks.imageCount(job, 0, 0, "Sora 2 text-to-video");
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> input = new LinkedHashMap<>();
        if (WATERMARK_REMOVER.equals(job.model())) {
            input.put("video_url", job.imageUrls().getFirst());
            return KieJobsEndpoint.submission(job, input, ID);
        }
        input.put("prompt", job.prompt());
        if (!job.imageUrls().isEmpty()) {
            input.put("image_urls", job.imageUrls());
        }
        if (job.input().aspectRatio() != null) {
            input.put("aspect_ratio", RATIOS.get(job.input().aspectRatio()));
        }
        if (job.input().durationSeconds() != null) {
            input.put("n_frames", String.valueOf(job.input().durationSeconds()));
        }
        return KieJobsEndpoint.submission(job, input, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        return KieJobsEndpoint.poll(kieTaskId, calls, pollIntervalMillis());
    }
}
