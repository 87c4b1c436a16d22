package dev.mediajobs.providers.http;

import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * An adapter for the generic task of reference document 001: {@code POST <generate path>} with
 * {@code Authorization: Bearer <key>} and a JSON body, answered with an id; {@code GET <status path><id>} until done.
 * The document gives Nanobanana Pro this protocol and Sora 2 and Veo3 the same shape without a status call of their
 * own, so the three adapters are this one with their own paths, body, request rules and descriptor.
 *
 * <p>Both answers are read leniently ({@link LenientTaskAnswers}): a generate answer that already carries a finished
 * status is taken as the outcome without a poll. A 429 without Retry-After waits the document's
 * {@link #DOCUMENTED_RETRY_AFTER}. Every error leaves without the key ({@link BearerJsonApi}).
 */
public abstract class GenerateStatusAdapter implements ProviderAdapter {

    /** The document's rate-limit handler: {@code error.headers['retry-after'] || 60}. */
    public static final Duration DOCUMENTED_RETRY_AFTER = Duration.ofSeconds(60);

    /**
     * One provider's calls.
     *
     * @param idName         the id as messages name it, e.g. {@code Sora video id}
     * @param wrongOperation why submit refuses an operation the descriptor does not offer, e.g.
     *                       {@code Sora 2 makes videos only}
     */
    public record Calls(String generatePath, String statusPath, String idName, LenientTaskAnswers answers, String wrongOperation) {
    }

    private final Calls calls;
    private final ProviderHttp http;
    private final BearerJsonApi api;
    private final ProviderDescriptor descriptor;

    /** @param describe the provider's descriptor, with the poll interval and timeout the settings give */
    protected GenerateStatusAdapter(AdapterSettings settings, Calls calls, Function<AdapterSettings, ProviderDescriptor> describe) {
        this.calls = calls;
        this.http = settings.http();
        this.api = BearerJsonApi.at(settings).rewritingErrors(e -> ProviderErrors.withRetryAfterWhenAbsent(e, DOCUMENTED_RETRY_AFTER));
        this.descriptor = describe.apply(settings);
    }

    /** The generate request's body; the dispatcher has {@link #validate validated} the request. */
    protected abstract Map<String, Object> generateBody(ProviderRequest request);

    @Override
    public final ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public final SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        if (!descriptor.operations().contains(request.operation())) {
            throw new ProviderException(Kind.INVALID_REQUEST, descriptor.id(), null, calls.wrongOperation(), null);
        }
        return api.post(calls.generatePath(), generateBody(request), credentials,
                answer -> calls.answers().accepted(answer, descriptor.defaultPollIntervalMillis(), http));
    }

    @Override
    public final PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        String taskId = api.pathSegment(task.taskId(), calls.idName());
        return api.get(calls.statusPath() + taskId, credentials, answer -> calls.answers().status(answer, http));
    }
}
