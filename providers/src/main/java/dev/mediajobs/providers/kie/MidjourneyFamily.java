package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Midjourney: {@code POST /api/v1/mj/generate} with a {@code taskType} and {@code GET /api/v1/mj/record-info}
 * ({@code resultUrls}, an array of strings; Kie also nests them as {@code resultInfoJson.resultUrls[].resultUrl},
 * which is read too). The task type follows the operation unless {@code options.taskType} names one that fits it:
 * text-to-image {@code mj_txt2img}; image-to-image {@code mj_img2img}, {@code mj_style_reference},
 * {@code mj_omni_reference}; image-to-video {@code mj_video}.
 */
final class MidjourneyFamily implements KieFamily {

    static final String ID = "midjourney";
    static final String TASK_TYPE_OPTION = "taskType";
    private static final Map<String, Operation> TASK_TYPES = Map.of(
            "mj_txt2img", Operation.TEXT_TO_IMAGE,
            "mj_img2img", Operation.IMAGE_TO_IMAGE,
            "mj_style_reference", Operation.IMAGE_TO_IMAGE,
            "mj_omni_reference", Operation.IMAGE_TO_IMAGE,
            "mj_video", Operation.IMAGE_TO_VIDEO);
    private static final List<String> VERSIONS = List.of("7", "6.1", "6", "5.2", "niji6");
    private static final List<String> SPEEDS = List.of("relaxed", "fast", "turbo");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return List.of(ID);
    }

    @Override
    public String defaultModel(Operation operation) {
        return ID;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE, Operation.IMAGE_TO_VIDEO);
    }

    @Override
    public long pollIntervalMillis() {
        return 10_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", ID + " (Midjourney)");
        rules.put("options.taskType", "Midjourney: " + TASK_TYPES.keySet() + ", matching the operation");
        rules.put("options.version", VERSIONS.toString());
        rules.put("options.speed", SPEEDS.toString());
        rules.put("input.imageUrls", "Midjourney: reference images (fileUrls); none for mj_txt2img");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Midjourney");
        checks.unsupported(job, "Midjourney", "negativePrompt", "durationSeconds", "resolution", "seed", "loop");
        Object taskType = job.option(TASK_TYPE_OPTION);
        if (taskType != null) {
            Operation fits = taskType instanceof String s ? TASK_TYPES.get(s) : null;
            if (fits == null) {
                checks.invalid("options." + TASK_TYPE_OPTION, "Midjourney task types are " + TASK_TYPES.keySet());
            } else if (job.operation() != null && fits != job.operation()) {
                checks.invalid("options." + TASK_TYPE_OPTION, taskType + " is for " + fits.wireName() + ", not " + job.operation().wireName());
            }
        }
        checks.optionOneOf(job, "version", VERSIONS);
        checks.optionOneOf(job, "speed", SPEEDS);
        if (job.operation() == Operation.TEXT_TO_IMAGE) {
            checks.imageCount(job, 0, 0, "Midjourney mj_txt2img");
        } else {
            checks.imageCount(job, 1, Integer.MAX_VALUE, "Midjourney " + taskType(job));
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        body.put("taskType", taskType(job));
        body.put("prompt", job.prompt());
        KieJob.putIfPresent(body, "aspectRatio", job.input().aspectRatio());
        if (!job.imageUrls().isEmpty()) {
            body.put("fileUrls", job.imageUrls());
        }
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission("/api/v1/mj/generate", body, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        JsonNode data = KieRecords.record(calls, "/api/v1/mj/record-info", kieTaskId);
        return KieRecords.bySuccessFlag(data, calls.http(), pollIntervalMillis(),
                record -> KieRecords.urlsAt(record, "resultUrls", "resultInfoJson.resultUrls"));
    }

    private static String taskType(KieJob job) {
        if (job.option(TASK_TYPE_OPTION) instanceof String s) {
            return s;
        }
        return switch (job.operation()) {
            case IMAGE_TO_IMAGE -> "mj_img2img";
            case IMAGE_TO_VIDEO -> "mj_video";
            default -> "mj_txt2img";
        };
    }
}
