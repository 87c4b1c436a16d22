package dev.mediajobs.providers.kie;

import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Kie's generic job endpoint, shared by Sora 2, Wan and Nano Banana: {@code POST /api/v1/jobs/createTask} with
 * {@code {model, input: {...}, callBackUrl}}, and {@code GET /api/v1/jobs/recordInfo} with a {@code state} and a
 * {@code resultJson} string to parse for {@code resultUrls}. The document names the fields, not the states; they are
 * Kie's {@code waiting}, {@code queuing}, {@code generating}, {@code success} and {@code fail}.
 */
final class KieJobsEndpoint {

    static final String CREATE = "/api/v1/jobs/createTask";
    static final String RECORD = "/api/v1/jobs/recordInfo";

    private KieJobsEndpoint() {
    }

    /** The options pass through inside {@code input}, under the model's own fields. */
    static KieFamily.KieSubmission submission(KieJob job, Map<String, Object> modelInput, String route) {
        Map<String, Object> input = job.bodyWithOptions();
        input.putAll(modelInput);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", job.model());
        body.put("input", input);
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieFamily.KieSubmission(CREATE, body, route);
    }

    static PollResult poll(String kieTaskId, KieCalls calls, long pollHint) throws ProviderException {
        ProviderHttp http = calls.http();
        JsonNode data = KieRecords.record(calls, RECORD, kieTaskId);
        String state = ProviderHttp.text(data, "state");
        if (state == null) {
            throw http.malformed("the job record has no state");
        }
        return switch (state) {
            case "waiting", "queuing" -> KieRecords.pending(pollHint);
            case "generating" -> KieRecords.running(KieRecords.progress(data), pollHint);
            case "success" -> KieRecords.succeeded(KieRecords.urlsAt(data, "resultJson", "resultUrls"), http);
            case "fail" -> KieRecords.failed(KieRecords.failureMessage(data, "kie reported the job as failed"));
            default -> throw http.malformed("unknown job state '" + (state.length() > 40 ? state.substring(0, 40) : state) + "'");
        };
    }
}
