package dev.mediajobs.providers.stability;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.PollResult.InlineAsset;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ErrorEnvelopes;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads Stability's answers: the submit's {@code {"id"}}, and the result poll, where 202 means "still processing" and
 * 200 is the video itself ("Video blob (download directly)"), returned as an {@link InlineAsset}.
 *
 * <p>The document has no failed state. Stability marks a video it would not make with the response header
 * {@code finish-reason: CONTENT_FILTERED} on the 200; such a result is a failed task, not an output.
 */
final class StabilityResultAnswers {

    static final String VIDEO_CONTENT_TYPE = "video/mp4";
    static final String FINISH_REASON_HEADER = "finish-reason";

    private StabilityResultAnswers() {
    }

    static String generationId(JsonNode answer, ProviderHttp http) throws ProviderException {
        if (!answer.isObject()) {
            throw http.malformed("expected a JSON object, got " + answer.getNodeType());
        }
        String id = ProviderHttp.text(answer, "id");
        if (id == null || id.isBlank()) {
            Optional<ProviderException> envelope = ErrorEnvelopes.in(answer, StabilityProviderAdapter.ID);
            if (envelope.isPresent()) {
                throw envelope.get();
            }
            throw http.malformed("the answer has no generation id");
        }
        return id;
    }

    /** A 2xx answer to the result poll (other statuses are mapped by {@link ProviderHttp#errorFor}). */
    static PollResult pollResult(HttpResponse<byte[]> response, ProviderHttp http) throws ProviderException {
        if (response.statusCode() == 202) {
            return PollResult.running(null);
        }
        if (response.statusCode() != 200) {
            throw http.malformed("unexpected HTTP " + response.statusCode() + " to a result poll");
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (contentType.equals("application/json")) {
            Optional<ProviderException> envelope = ErrorEnvelopes.in(http.parseJson(response.body()), StabilityProviderAdapter.ID);
            if (envelope.isPresent()) {
                throw envelope.get();
            }
            throw http.malformed("a finished result must be the video, not JSON: " + ProviderHttp.snippet(response.body()));
        }
        if (!contentType.startsWith("video/") && !contentType.equals("application/octet-stream")) {
            throw http.malformed("a finished result must be a video, got Content-Type '" + contentType + "'");
        }
        if (response.body() == null || response.body().length == 0) {
            throw http.malformed("a finished result has no video bytes");
        }
        String finishReason = response.headers().firstValue(FINISH_REASON_HEADER).orElse("SUCCESS").trim().toUpperCase(Locale.ROOT);
        if (!finishReason.equals("SUCCESS")) {
            return PollResult.failed(new JobError(ErrorCodes.PROVIDER_TASK_FAILED,
                    "stability finished the generation with finish-reason " + finishReason
                            + (finishReason.equals("CONTENT_FILTERED") ? ": the content was filtered" : ""),
                    false, StabilityProviderAdapter.ID));
        }
        InlineAsset video = new InlineAsset(contentType.startsWith("video/") ? contentType : VIDEO_CONTENT_TYPE, response.body());
        return new PollResult(PollResult.Status.SUCCEEDED, 100, List.of(), List.of(video), Map.of(), null, 0);
    }
}
