package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * GPT-4o image: {@code POST /api/v1/gpt4o-image/generate}, {@code GET /api/v1/gpt4o-image/record-info}
 * ({@code successFlag} 0/1/2, {@code response.resultUrls}), and {@code POST /api/v1/gpt4o-image/download-url}
 * {@code {imageUrl}}, which the adapter asks for each result so that the job's assets are direct download URLs. A
 * download-url answer with an error code (other than key, credits, rate or outage) keeps the original URL: it is
 * still the image. The document's parameter list allows sizes 1:1, 3:2 and 2:3 only (its example's 16:9 is not one).
 */
final class Gpt4oImageFamily implements KieFamily {

    static final String ID = "gpt-4o-image";
    private static final List<String> SIZES = List.of("1:1", "3:2", "2:3");
    private static final List<Integer> VARIANTS = List.of(1, 2, 4);

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
        return Set.of(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE);
    }

    @Override
    public long pollIntervalMillis() {
        return 3_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", ID + " (GPT-4o image)");
        rules.put("input.aspectRatio", "GPT-4o image: " + SIZES + " (size)");
        rules.put("input.imageUrls", "GPT-4o image: reference images (filesUrl); image-to-image needs at least 1");
        rules.put("options.nVariants", "1, 2 or 4");
        rules.put("options.maskUrl", "an http(s) URL of the edit mask");
        rules.put("options.enableFallback", "true or false (default false)");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "GPT-4o image");
        checks.unsupported(job, "GPT-4o image", "negativePrompt", "durationSeconds", "resolution", "seed", "loop");
        checks.oneOf("input.aspectRatio", job.input().aspectRatio(), SIZES);
        checks.optionOneOf(job, "size", SIZES);
        checks.optionOneOf(job, "nVariants", VARIANTS);
        checks.optionUrl(job, "maskUrl");
        checks.optionBoolean(job, "enableFallback");
        if (job.operation() == Operation.IMAGE_TO_IMAGE) {
            checks.imageCount(job, 1, Integer.MAX_VALUE, "GPT-4o image-to-image");
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        body.put("prompt", job.prompt());
        KieJob.putIfPresent(body, "size", job.input().aspectRatio());
        if (!job.imageUrls().isEmpty()) {
            body.put("filesUrl", job.imageUrls());
        }
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission("/api/v1/gpt4o-image/generate", body, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        JsonNode data = KieRecords.record(calls, "/api/v1/gpt4o-image/record-info", kieTaskId);
        PollResult result = KieRecords.bySuccessFlag(data, calls.http(), pollIntervalMillis(),
                record -> KieRecords.urlsAt(record, "response.resultUrls", "resultUrls"));
        if (result.status() != PollResult.Status.SUCCEEDED) {
            return result;
        }
        List<String> downloads = new ArrayList<>();
        for (var asset : result.assets()) {
            downloads.add(downloadUrl(asset.url(), calls));
        }
        return KieRecords.succeeded(downloads, calls.http());
    }

    private static String downloadUrl(String imageUrl, KieCalls calls) throws ProviderException {
        KieEnvelope answer = calls.post("/api/v1/gpt4o-image/download-url", Map.of("imageUrl", imageUrl));
        if (!answer.ok()) {
            if (KieEnvelope.isCallLevel(KieEnvelope.kindFor(answer.code(), answer.msg()))) {
                throw answer.error();
            }
            return imageUrl;
        }
        JsonNode data = answer.data();
        String url = data != null && data.isString() ? data.asString()
                : ProviderHttp.text(data, "downloadUrl") != null ? ProviderHttp.text(data, "downloadUrl") : ProviderHttp.text(data, "url");
        return url != null && KieChecks.isHttpUrl(url) ? url : imageUrl;
    }
}
