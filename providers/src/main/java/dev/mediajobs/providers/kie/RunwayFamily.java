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
 * Runway Gen-3 Alpha through Kie: {@code POST /api/v1/runway/generate}, {@code POST /api/v1/runway/extend}, and
 * {@code GET /api/v1/runway/record-detail} with a {@code state} and {@code videoInfo.videoUrl}. The document names the
 * states {@code success} and {@code fail}; Kie's waiting states {@code wait}, {@code queueing} and
 * {@code generating} are read too, any other state is a malformed answer. {@code duration} and {@code quality} are
 * always sent (5 and 720p unless given), and text-to-video gets {@code aspectRatio} 16:9 unless given: documented
 * values that Kie's endpoint expects.
 */
final class RunwayFamily implements KieFamily {

    static final String ID = "runway";
    static final String MODEL = "runway-gen3";
    private static final List<Integer> DURATIONS = List.of(5, 10);
    private static final List<String> QUALITIES = List.of("720p", "1080p");
    private static final List<String> RATIOS = List.of("16:9", "9:16", "1:1", "4:3", "3:4");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return List.of(MODEL);
    }

    @Override
    public String defaultModel(Operation operation) {
        return MODEL;
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
        rules.put("model", MODEL + " (Runway Gen-3 Alpha)");
        rules.put("input.durationSeconds", "5 (default) or 10");
        rules.put("input.resolution", "720p (default) or 1080p (quality)");
        rules.put("input.aspectRatio", RATIOS + " (text-to-video default 16:9)");
        rules.put("input.imageUrls", "image-to-video: exactly 1 (imageUrl)");
        rules.put("options.waterMark", "watermark text");
        rules.put("options.extendTaskId", "extends that Runway task (POST /api/v1/runway/extend)");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Runway");
        KieExtension.check(job, checks, "Runway");
        checks.unsupported(job, "Runway", "negativePrompt", "seed", "loop");
        checks.oneOf("input.resolution", job.input().resolution(), QUALITIES);
        checks.optionOneOf(job, "quality", QUALITIES);
        if (KieExtension.requested(job)) {
            return;
        }
        checks.oneOf("input.durationSeconds", job.input().durationSeconds(), DURATIONS);
        checks.optionOneOf(job, "duration", DURATIONS);
        checks.oneOf("input.aspectRatio", job.input().aspectRatio(), RATIOS);
        checks.optionOneOf(job, "aspectRatio", RATIOS);
        checks.optionText(job, "waterMark");
        if (job.operation() == Operation.IMAGE_TO_VIDEO) {
            checks.imageCount(job, 1, 1, "Runway image-to-video");
        } else {
            checks.imageCount(job, 0, 0, "Runway text-to-video");
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        String quality = job.input().resolution() != null ? job.input().resolution() : (String) body.getOrDefault("quality", "720p");
        if (KieExtension.requested(job)) {
            body.put("taskId", job.extendTaskId());
            body.put("prompt", job.prompt());
            body.put("quality", quality);
            KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
            return new KieSubmission("/api/v1/runway/extend", body, ID);
        }
        body.put("prompt", job.prompt());
        body.put("duration", job.input().durationSeconds() != null ? job.input().durationSeconds() : body.getOrDefault("duration", 5));
        body.put("quality", quality);
        if (job.input().aspectRatio() != null) {
            body.put("aspectRatio", job.input().aspectRatio());
        } else if (job.operation() == Operation.TEXT_TO_VIDEO) {
            body.putIfAbsent("aspectRatio", "16:9");
        }
        if (job.operation() == Operation.IMAGE_TO_VIDEO) {
            body.put("imageUrl", job.imageUrls().getFirst());
        }
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission("/api/v1/runway/generate", body, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        ProviderHttp http = calls.http();
        JsonNode data = KieRecords.record(calls, "/api/v1/runway/record-detail", kieTaskId);
        String state = ProviderHttp.text(data, "state");
        if (state == null) {
            throw http.malformed("the Runway record has no state");
        }
        return switch (state) {
            case "wait", "queueing" -> KieRecords.pending(pollIntervalMillis());
            case "generating" -> KieRecords.running(null, pollIntervalMillis());
            case "success" -> KieRecords.succeeded(KieRecords.urlsAt(data, "videoInfo.videoUrl"), "video/mp4", Map.of(), http);
            case "fail" -> KieRecords.failed(KieRecords.failureMessage(data, "kie reported the Runway task as failed"));
            default -> throw http.malformed("unknown Runway state '" + (state.length() > 40 ? state.substring(0, 40) : state) + "'");
        };
    }
}
