package dev.mediajobs.providers.luma;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.AnswerText;
import dev.mediajobs.providers.http.HttpUrls;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads Luma's generation JSON: {@code {"id", "state": queued | dreaming | completed | failed, "assets": {"video"},
 * "failure_reason"}}. Anything else is a {@link ProviderException.Kind#MALFORMED_RESPONSE}.
 */
final class LumaGenerationAnswers {

    static final String VIDEO_CONTENT_TYPE = "video/mp4";

    private LumaGenerationAnswers() {
    }

    static String generationId(JsonNode generation, ProviderHttp http) throws ProviderException {
        String id = ProviderHttp.text(generation, "id");
        if (id == null || id.isBlank()) {
            throw http.malformed("the generation has no id");
        }
        return id;
    }

    static PollResult pollResult(JsonNode generation, ProviderHttp http) throws ProviderException {
        String state = ProviderHttp.text(generation, "state");
        if (state == null || state.isBlank()) {
            throw http.malformed("the generation has no state");
        }
        return switch (state.trim()) {
            case "queued" -> PollResult.pending();
            case "dreaming" -> PollResult.running(null);
            case "completed" -> PollResult.succeeded(List.of(video(generation, http)));
            case "failed" -> PollResult.failed(failure(generation));
            default -> throw http.malformed("unknown generation state '" + AnswerText.cut(state) + "'");
        };
    }

    private static ProviderAsset video(JsonNode generation, ProviderHttp http) throws ProviderException {
        String url = ProviderHttp.text(generation.path("assets"), "video");
        if (url == null || !HttpUrls.isHttpUrl(url)) {
            throw http.malformed("the generation completed without an http(s) assets.video");
        }
        return new ProviderAsset(url, VIDEO_CONTENT_TYPE, null);
    }

    /**
     * Not retryable: 004 warns that "failed generations may still be charged", so a failure is not resubmitted on its
     * own; the user decides.
     */
    private static JobError failure(JsonNode generation) {
        String reason = ProviderHttp.text(generation, "failure_reason");
        String message = reason == null || reason.isBlank()
                ? "luma reported the generation as failed without a failure_reason" : AnswerText.cut(reason);
        return new JobError(ErrorCodes.PROVIDER_TASK_FAILED, message, false, LumaProviderAdapter.ID);
    }
}
