package dev.mediajobs.dispatcher;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A minimal adapter for {@link FakeProviderServer}, built on the shared {@link ProviderHttp} like the real adapters,
 * with or without client task ids. A submit answer with {@code "status": "succeeded"} and {@code assets} is a
 * synchronous provider's finished outcome; {@code "status": "failed"} with a {@code reason} is its refusal. A strict
 * one ({@link #strict}) finds every option wrong, like a provider that knows none of another provider's options. It
 * remembers the requests it was given.
 */
final class FakeProviderAdapter implements ProviderAdapter {

    private final String baseUrl;
    private final boolean clientTaskIds;
    private final ProviderHttp http;
    private final ProviderDescriptor descriptor;
    private final List<ProviderRequest> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean strict;
    private volatile boolean callsBack;

    FakeProviderAdapter(String id, String baseUrl, boolean clientTaskIds) {
        this(id, baseUrl, clientTaskIds, "fake-model");
    }

    FakeProviderAdapter(String id, String baseUrl, boolean clientTaskIds, String model) {
        this.baseUrl = baseUrl;
        this.clientTaskIds = clientTaskIds;
        this.http = new ProviderHttp(id, Duration.ofSeconds(2), Duration.ofSeconds(5));
        this.descriptor = new ProviderDescriptor(id, "Fake " + id, EnumSet.of(Operation.TEXT_TO_IMAGE),
                List.of(model), Map.of(), 1_000, 60, Map.of(), "free", false, clientTaskIds);
    }

    /** From now on every option is a field error. */
    FakeProviderAdapter strict() {
        strict = true;
        return this;
    }

    /** From now on it says it can call back, like Kie and Runware. */
    FakeProviderAdapter callingBack() {
        callsBack = true;
        return this;
    }

    @Override
    public boolean acceptsCallbackUrl() {
        return callsBack;
    }

    /** The requests handed to {@link #submit}, in order. */
    List<ProviderRequest> submitted() {
        return List.copyOf(submitted);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        if (!strict) {
            return List.of();
        }
        return request.options().keySet().stream()
                .map(name -> new FieldError("options." + name, ErrorCodes.FIELD_INVALID, "unknown option " + name))
                .toList();
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        submitted.add(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", request.input().prompt());
        if (clientTaskIds) {
            body.put("clientTaskId", request.clientTaskId());
        }
        JsonNode answer = http.sendForJson(http.request(baseUrl, "/tasks")
                .header("Authorization", "Bearer " + credentials.apiKey())
                .POST(ProviderHttp.jsonBody(body)).build());
        PollResult immediate = null;
        if ("succeeded".equals(ProviderHttp.text(answer, "status"))) {
            List<ProviderAsset> assets = new ArrayList<>();
            answer.get("assets").forEach(url -> assets.add(ProviderAsset.ofUrl(url.asString())));
            immediate = PollResult.succeeded(assets);
        } else if ("failed".equals(ProviderHttp.text(answer, "status"))) {
            immediate = PollResult.failed(new JobError(ErrorCodes.PROVIDER_TASK_FAILED, ProviderHttp.text(answer, "reason"),
                    false, descriptor.id()));
        }
        return new SubmitResult(ProviderHttp.text(answer, "id"), 1_000, Map.of("revisedPrompt", "a revised prompt"), immediate);
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) {
        return PollResult.pending();
    }

    @Override
    public Optional<SubmitResult> findByClientTaskId(ProviderRequest request, ProviderCredentials credentials)
            throws ProviderException {
        if (!clientTaskIds) {
            return Optional.empty();
        }
        HttpResponse<byte[]> response = http.send(http.request(baseUrl, "/tasks?clientTaskId="
                        + URLEncoder.encode(request.clientTaskId(), StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + credentials.apiKey()).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw http.errorFor(response);
        }
        return Optional.of(SubmitResult.accepted(ProviderHttp.text(http.parseJson(response.body()), "id"), 1_000));
    }
}
