package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Veo 3.1: {@code POST /api/v1/veo/generate} (text-to-video, first/last frames, reference images),
 * {@code POST /api/v1/veo/extend}, {@code GET /api/v1/veo/record-info} ({@code successFlag}, {@code resultUrls}) and,
 * for {@code input.resolution: 1080p}, {@code GET /api/v1/veo/get-1080p-video} once the task succeeded. That call
 * answers an error code while the 1080p version is still being made (Kie's guidance: retry every 20-30 s), so such an
 * answer keeps the task RUNNING; the task timeout bounds the wait.
 */
final class VeoFamily implements KieFamily {

    static final String ID = "veo";
    static final String FULL_HD_ROUTE = "veo-1080p";
    private static final String FAST = "veo3_fast";
    private static final List<String> MODELS = List.of(FAST, "veo3");
    private static final String TEXT = "TEXT_2_VIDEO";
    private static final String FRAMES = "FIRST_AND_LAST_FRAMES_2_VIDEO";
    private static final String REFERENCE = "REFERENCE_2_VIDEO";
    private static final List<String> GENERATION_TYPES = List.of(TEXT, FRAMES, REFERENCE);
    private static final List<String> INPUT_RATIOS = List.of("16:9", "9:16");
    private static final List<String> RATIOS = List.of("16:9", "9:16", "Auto");
    private static final List<String> RESOLUTIONS = List.of("720p", "1080p");
    private static final long FULL_HD_RETRY_MILLIS = 20_000;

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
        return FAST;
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
    public Set<String> routes() {
        return Set.of(ID, FULL_HD_ROUTE);
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", "veo3_fast (default) or veo3");
        rules.put("input.aspectRatio", "16:9 or 9:16 (options.aspectRatio: Auto)");
        rules.put("input.imageUrls", "1-3 for FIRST_AND_LAST_FRAMES_2_VIDEO and REFERENCE_2_VIDEO, none for TEXT_2_VIDEO");
        rules.put("input.seed", "10000-99999 (seeds)");
        rules.put("input.resolution", "720p (default) or 1080p (fetched with get-1080p-video after success)");
        rules.put("options.generationType", GENERATION_TYPES + "; REFERENCE_2_VIDEO only with veo3_fast and 16:9");
        rules.put("options.enableTranslation", "true (default) or false");
        rules.put("options.watermark", "watermark text");
        rules.put("options.extendTaskId", "extends that Veo task (POST /api/v1/veo/extend)");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Veo");
        KieExtension.check(job, checks, "Veo");
        checks.unsupported(job, "Veo", "negativePrompt", "durationSeconds", "loop");
        if (KieExtension.requested(job)) {
            return;
        }
        checks.oneOf("input.aspectRatio", job.input().aspectRatio(), INPUT_RATIOS);
        checks.optionOneOf(job, "aspectRatio", RATIOS);
        checks.optionOneOf(job, "generationType", GENERATION_TYPES);
        checks.optionBoolean(job, "enableTranslation");
        checks.optionText(job, "watermark");
        checks.oneOf("input.resolution", job.input().resolution(), RESOLUTIONS);
        Long seed = job.input().seed();
        if (seed != null && (seed < 10_000 || seed > 99_999)) {
            checks.invalid("input.seed", "Veo's seeds are 10000-99999");
        }
        String type = generationType(job);
        if (TEXT.equals(type)) {
            if (job.operation() == Operation.IMAGE_TO_VIDEO) {
                checks.invalid("options.generationType", "image-to-video needs " + FRAMES + " or " + REFERENCE);
            } else {
                checks.imageCount(job, 0, 0, "Veo " + TEXT);
            }
        } else if (GENERATION_TYPES.contains(type)) {
            checks.imageCount(job, 1, 3, "Veo " + type);
        }
        if (REFERENCE.equals(type)) {
            if (!FAST.equals(job.model())) {
                checks.invalid("options.generationType", REFERENCE + " works only with veo3_fast");
            }
            String ratio = aspectRatio(job);
            if (ratio != null && !"16:9".equals(ratio)) {
                checks.invalid("input.aspectRatio", REFERENCE + " works only with 16:9");
            }
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        if (KieExtension.requested(job)) {
            body.put("taskId", job.extendTaskId());
            body.put("prompt", job.prompt());
            KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
            return new KieSubmission("/api/v1/veo/extend", body, ID);
        }
        body.put("prompt", job.prompt());
        body.put("model", job.model());
        KieJob.putIfPresent(body, "aspectRatio", job.input().aspectRatio());
        if (!job.imageUrls().isEmpty()) {
            body.put("imageUrls", job.imageUrls());
        }
        body.put("generationType", generationType(job));
        KieJob.putIfPresent(body, "seeds", job.input().seed());
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission("/api/v1/veo/generate", body, "1080p".equals(job.input().resolution()) ? FULL_HD_ROUTE : ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        ProviderHttp http = calls.http();
        JsonNode data = KieRecords.record(calls, "/api/v1/veo/record-info", kieTaskId);
        PollResult result = KieRecords.bySuccessFlag(data, http, pollIntervalMillis(),
                record -> KieRecords.urlsAt(record, "response.resultUrls", "resultUrls"));
        if (!FULL_HD_ROUTE.equals(route) || result.status() != PollResult.Status.SUCCEEDED) {
            return result;
        }
        KieEnvelope fullHd = calls.get(KieCalls.withTaskId("/api/v1/veo/get-1080p-video", kieTaskId));
        if (!fullHd.ok()) {
            if (KieEnvelope.isCallLevel(KieEnvelope.kindFor(fullHd.code(), fullHd.msg()))) {
                throw fullHd.error();
            }
            return KieRecords.running(99, FULL_HD_RETRY_MILLIS);
        }
        return KieRecords.succeeded(KieRecords.urlsAt(fullHd.dataOrThrow(http), "resultUrl", "resultUrls"), http);
    }

    /** The explicit generationType, else what the operation implies. */
    private static String generationType(KieJob job) {
        Object explicit = job.option("generationType");
        if (explicit instanceof String s) {
            return s;
        }
        return job.operation() == Operation.IMAGE_TO_VIDEO ? FRAMES : TEXT;
    }

    private static String aspectRatio(KieJob job) {
        if (job.input().aspectRatio() != null) {
            return job.input().aspectRatio();
        }
        return job.option("aspectRatio") instanceof String s ? s : null;
    }
}
