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
 * Flux Kontext Pro/Max: {@code POST /api/v1/flux/kontext/generate} and {@code GET /api/v1/flux/kontext/record-info}.
 * The document shows no record; it is read like Kie's other successFlag records, the image in
 * {@code response.resultImageUrl} (Kie's field) or {@code resultUrls}.
 */
final class FluxKontextFamily implements KieFamily {

    static final String ID = "flux-kontext";
    private static final List<String> MODELS = List.of("flux-kontext-pro", "flux-kontext-max");
    private static final List<String> RATIOS = List.of("21:9", "16:9", "4:3", "1:1", "3:4", "9:16", "16:21");
    private static final List<String> FORMATS = List.of("jpeg", "png");

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
        return MODELS.getFirst();
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE);
    }

    @Override
    public long pollIntervalMillis() {
        return 3_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", "Flux Kontext: " + MODELS);
        rules.put("input.aspectRatio", "Flux Kontext: " + RATIOS);
        rules.put("input.imageUrls", "Flux Kontext: at most 1 (inputImage); image-to-image needs it");
        rules.put("options.outputFormat", "jpeg or png");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Flux Kontext");
        checks.unsupported(job, "Flux Kontext", "negativePrompt", "durationSeconds", "resolution", "seed", "loop");
        checks.oneOf("input.aspectRatio", job.input().aspectRatio(), RATIOS);
        checks.optionOneOf(job, "aspectRatio", RATIOS);
        checks.optionOneOf(job, "outputFormat", FORMATS);
        checks.imageCount(job, job.operation() == Operation.IMAGE_TO_IMAGE ? 1 : 0, 1, "Flux Kontext");
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        body.put("prompt", job.prompt());
        body.put("model", job.model());
        KieJob.putIfPresent(body, "aspectRatio", job.input().aspectRatio());
        if (!job.imageUrls().isEmpty()) {
            body.put("inputImage", job.imageUrls().getFirst());
        }
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission("/api/v1/flux/kontext/generate", body, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        JsonNode data = KieRecords.record(calls, "/api/v1/flux/kontext/record-info", kieTaskId);
        return KieRecords.bySuccessFlag(data, calls.http(), pollIntervalMillis(),
                record -> KieRecords.urlsAt(record, "response.resultImageUrl", "response.resultUrls", "resultUrls"));
    }
}
