package dev.mediajobs.providers.nanobanana;

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
 * Reads Nanobanana's answers. The generate answer is documented only as far as its {@code task_id}; the status
 * answer not at all, so it is read leniently ({@link LenientTaskStatus}) with the image URL in {@code image_url},
 * {@code image_urls}, {@code images}, {@code output}, {@code result_url} or {@code url}.
 */
final class NanobananaAnswers {

    static final List<String> OUTPUT_FIELDS = List.of("image_url", "image_urls", "images", "output", "result_url", "url");
    private static final LenientTaskStatus STATUS = new LenientTaskStatus(NanobananaProviderAdapter.ID, OUTPUT_FIELDS);

    private NanobananaAnswers() {
    }

    /** The task id of a generate answer; the outcome too when the answer already carries a finished status. */
    static SubmitResult accepted(JsonNode answer, long firstPollAfterMillis, ProviderHttp http) throws ProviderException {
        String taskId = ProviderHttp.text(answer, "task_id");
        if (taskId == null || taskId.isBlank()) {
            throwEnvelopeError(answer);
            throw http.malformed("the generate answer has no task_id");
        }
        Optional<PollResult.Status> status = STATUS.status(answer);
        if (status.isPresent() && (status.get() == PollResult.Status.SUCCEEDED || status.get() == PollResult.Status.FAILED)) {
            return new SubmitResult(taskId, 0, Map.of(), STATUS.read(answer, http, usage()));
        }
        return SubmitResult.accepted(taskId, firstPollAfterMillis);
    }

    static PollResult status(JsonNode answer, ProviderHttp http) throws ProviderException {
        if (STATUS.status(answer).isEmpty()) {
            // without a status word an "error" is the provider refusing the call, not a failed task
            throwEnvelopeError(answer);
        }
        return STATUS.read(answer, http, usage());
    }

    /** The document's usage tracking counts images: one generate call makes one image. */
    private static Map<String, Object> usage() {
        return Map.of("usage", Map.of("images", 1));
    }

    private static void throwEnvelopeError(JsonNode answer) throws ProviderException {
        Optional<ProviderException> error = ErrorEnvelopes.in(answer, NanobananaProviderAdapter.ID);
        if (error.isPresent()) {
            throw error.get();
        }
    }
}
