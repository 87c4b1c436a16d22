package dev.mediajobs.providers.http;

import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.SubmitResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The answers of a generate → status task whose document shows the generate answer only as far as its id field and
 * the status answer not at all: reference document 001's Nanobanana Pro, and the Sora 2 and Veo3 adapters that follow
 * its one status call. Both answers are read leniently ({@link LenientTaskStatus}), and a provider's error envelope
 * ({@link ErrorEnvelopes}) in place of an id or a status word is that error.
 */
public final class LenientTaskAnswers {

    private final String provider;
    private final String idField;
    private final LenientTaskStatus status;
    private final Map<String, Object> usage;

    /**
     * @param idField      the generate answer's id field, e.g. {@code task_id}
     * @param outputFields where the output URLs may be, see {@link LenientTaskStatus}
     * @param usageUnit    what the document's usage tracking counts, one per task (e.g. {@code images})
     */
    public LenientTaskAnswers(String provider, String idField, List<String> outputFields, String usageUnit) {
        this.provider = provider;
        this.idField = idField;
        this.status = new LenientTaskStatus(provider, outputFields);
        this.usage = Map.of("usage", Map.of(usageUnit, 1));
    }

    /** The id of a generate answer; the outcome too when the answer already carries a finished status. */
    public SubmitResult accepted(JsonNode answer, long firstPollAfterMillis, ProviderHttp http) throws ProviderException {
        String id = ProviderHttp.text(answer, idField);
        if (id == null || id.isBlank()) {
            throwEnvelopeError(answer);
            throw http.malformed("the generate answer has no " + idField);
        }
        Optional<PollResult.Status> finished = status.status(answer)
                .filter(s -> s == PollResult.Status.SUCCEEDED || s == PollResult.Status.FAILED);
        if (finished.isPresent()) {
            return new SubmitResult(id, 0, Map.of(), status.read(answer, http, usage));
        }
        return SubmitResult.accepted(id, firstPollAfterMillis);
    }

    public PollResult status(JsonNode answer, ProviderHttp http) throws ProviderException {
        if (status.status(answer).isEmpty()) {
            // without a status word an "error" is the provider refusing the call, not a failed task
            throwEnvelopeError(answer);
        }
        return status.read(answer, http, usage);
    }

    private void throwEnvelopeError(JsonNode answer) throws ProviderException {
        Optional<ProviderException> error = ErrorEnvelopes.in(answer, provider);
        if (error.isPresent()) {
            throw error.get();
        }
    }
}
