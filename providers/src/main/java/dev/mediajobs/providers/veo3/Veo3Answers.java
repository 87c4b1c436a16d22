package dev.mediajobs.providers.veo3;

import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.http.ErrorEnvelopes;
import dev.mediajobs.providers.http.LenientTaskStatus;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads Veo3's answers. The document shows only {@code video_id} in the generate answer and no status answer at all,
 * so both are read leniently ({@link LenientTaskStatus}): a status word, a progress, and the video URL in
 * {@code video_url}, {@code url}, {@code output_url}, {@code output}, {@code videos} or {@code result_url}.
 */
final class Veo3Answers {

    static final List<String> OUTPUT_FIELDS = List.of("video_url", "url", "output_url", "output", "videos", "result_url");
    private static final LenientTaskStatus STATUS = new LenientTaskStatus(Veo3ProviderAdapter.ID, OUTPUT_FIELDS);

    private Veo3Answers() {
    }

    /** The video id of a generate answer; the outcome too when the answer already carries a finished status. */
    static SubmitResult accepted(JsonNode answer, long firstPollAfterMillis, ProviderHttp http) throws ProviderException {
        String videoId = ProviderHttp.text(answer, "video_id");
        if (videoId == null || videoId.isBlank()) {
            throwEnvelopeError(answer);
            throw http.malformed("the generate answer has no video_id");
        }
        Optional<PollResult.Status> status = STATUS.status(answer);
        if (status.isPresent() && (status.get() == PollResult.Status.SUCCEEDED || status.get() == PollResult.Status.FAILED)) {
            return new SubmitResult(videoId, 0, Map.of(), STATUS.read(answer, http, usage()));
        }
        return SubmitResult.accepted(videoId, firstPollAfterMillis);
    }

    static PollResult status(JsonNode answer, ProviderHttp http) throws ProviderException {
        if (STATUS.status(answer).isEmpty()) {
            // without a status word an "error" is the provider refusing the call, not a failed video
            throwEnvelopeError(answer);
        }
        return STATUS.read(answer, http, usage());
    }

    /** The document's usage tracking counts videos. */
    private static Map<String, Object> usage() {
        return Map.of("usage", Map.of("videos", 1));
    }

    private static void throwEnvelopeError(JsonNode answer) throws ProviderException {
        Optional<ProviderException> error = ErrorEnvelopes.in(answer, Veo3ProviderAdapter.ID);
        if (error.isPresent()) {
            throw error.get();
        }
    }
}
