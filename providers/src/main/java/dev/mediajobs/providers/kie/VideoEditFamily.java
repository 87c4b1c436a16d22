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
 * The shape Runway Aleph and Luma's modify share: video-to-video with {@code {prompt, videoUrl, callBackUrl,
 * watermark}}, the video being the job's one input URL, and a {@code successFlag} record.
 */
abstract class VideoEditFamily implements KieFamily {

    private final String id;
    private final String name;
    private final String generatePath;
    private final String recordPath;

    VideoEditFamily(String id, String name, String generatePath, String recordPath) {
        this.id = id;
        this.name = name;
        this.generatePath = generatePath;
        this.recordPath = recordPath;
    }

    @Override
    public String id() {
        return id;
    }

    /** The family's one model carries the family's id. */
    @Override
    public List<String> models() {
        return List.of(id);
    }

    @Override
    public String defaultModel(Operation operation) {
        return id;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.VIDEO_TO_VIDEO);
    }

    @Override
    public long pollIntervalMillis() {
        return 10_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", id + " (" + name + ", video-to-video)");
        rules.put("input.imageUrls", name + ": exactly 1, the video (videoUrl)");
        rules.put("options.watermark", "watermark text");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, name);
        checks.imageCount(job, 1, 1, name);
        checks.optionText(job, "watermark");
        checks.unsupported(job, name, "negativePrompt", "aspectRatio", "durationSeconds", "resolution", "seed", "loop");
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        body.put("prompt", job.prompt());
        body.put("videoUrl", job.imageUrls().getFirst());
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission(generatePath, body, id);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        JsonNode data = KieRecords.record(calls, recordPath, kieTaskId);
        return KieRecords.bySuccessFlag(data, calls.http(), pollIntervalMillis(),
                record -> KieRecords.urlsAt(record, "response.resultVideoUrl", "response.resultUrls", "resultUrls"));
    }
}
