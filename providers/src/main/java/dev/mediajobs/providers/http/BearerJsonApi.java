package dev.mediajobs.providers.http;

import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * A provider API that takes {@code Authorization: Bearer <key>} and answers every call with a JSON object: the calls
 * of Nanobanana, Sora, Veo3, Gemini, Luma and Runway. One place decides what such a call does:
 *
 * <ul>
 *   <li>a key that is missing or cannot be a header value is {@link Kind#AUTH} without a call
 *       ({@link ProviderErrors#usableKey});</li>
 *   <li>a non-2xx answer becomes the provider's {@link ProviderException} (by default {@link ProviderHttp#errorFor};
 *       a provider whose document prescribes more, e.g. a wait for a 429, says so with {@link #mappingErrors});</li>
 *   <li>a 2xx answer must be a JSON object, and is then handed to the caller's {@link AnswerReader};</li>
 *   <li>every exception on the way, the reader's included, leaves without the key in its message
 *       ({@link ProviderErrors#withoutKey}): providers have been known to echo a rejected key.</li>
 * </ul>
 *
 * <p>Immutable: {@link #withHeader}, {@link #mappingErrors} and {@link #rewritingErrors} return a new instance.
 */
public final class BearerJsonApi {

    /** Reads a 2xx JSON object answer into what the adapter returns. */
    @FunctionalInterface
    public interface AnswerReader<T> {
        T read(JsonNode answer) throws ProviderException;
    }

    private final ProviderHttp http;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final Function<HttpResponse<byte[]>, ProviderException> errorAnswers;

    private BearerJsonApi(ProviderHttp http, String baseUrl, Map<String, String> headers,
                          Function<HttpResponse<byte[]>, ProviderException> errorAnswers) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
        this.errorAnswers = errorAnswers;
    }

    public static BearerJsonApi at(AdapterSettings settings) {
        ProviderHttp http = settings.http();
        return new BearerJsonApi(http, settings.baseUrl(), Map.of(), http::errorFor);
    }

    /** Sends this header on every call, e.g. an API version the document requires. */
    public BearerJsonApi withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new BearerJsonApi(http, baseUrl, more, errorAnswers);
    }

    /** Maps non-2xx answers this way instead of with {@link ProviderHttp#errorFor}, e.g. to read the error body. */
    public BearerJsonApi mappingErrors(Function<HttpResponse<byte[]>, ProviderException> errorAnswers) {
        return new BearerJsonApi(http, baseUrl, headers, errorAnswers);
    }

    /** Maps non-2xx answers with {@link ProviderHttp#errorFor}, then rewrites the result (e.g. a documented wait). */
    public BearerJsonApi rewritingErrors(UnaryOperator<ProviderException> rewrite) {
        return mappingErrors(response -> rewrite.apply(http.errorFor(response)));
    }

    /** {@code POST <base><path>} with the body as JSON. */
    public <T> T post(String path, Object body, ProviderCredentials credentials, AnswerReader<T> reader) throws ProviderException {
        HttpRequest post = authorized(path, credentials)
                .header("Content-Type", "application/json")
                .POST(ProviderHttp.jsonBody(body))
                .build();
        return exchange(post, credentials, reader);
    }

    /** {@code GET <base><path>}. */
    public <T> T get(String path, ProviderCredentials credentials, AnswerReader<T> reader) throws ProviderException {
        return exchange(authorized(path, credentials).GET().build(), credentials, reader);
    }

    /**
     * The task id as one path segment (so an id cannot reach another path), or {@link Kind#INVALID_REQUEST} when the
     * task has none.
     *
     * @param idName what the provider calls the id, for the message: "the task has no {idName}"
     */
    public String pathSegment(String id, String idName) throws ProviderException {
        if (id == null || id.isBlank()) {
            throw new ProviderException(Kind.INVALID_REQUEST, http.provider(), null, "the task has no " + idName, null);
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The answer as it is when it has {@code expectedField}; without it, an error envelope in its place
     * ({@link ErrorEnvelopes}) is thrown as the error it stands for. An answer with neither is left to the reader,
     * which reports it as malformed.
     */
    public JsonNode unlessEnvelope(JsonNode answer, String expectedField) throws ProviderException {
        if (!answer.has(expectedField)) {
            Optional<ProviderException> envelope = ErrorEnvelopes.in(answer, http.provider());
            if (envelope.isPresent()) {
                throw envelope.get();
            }
        }
        return answer;
    }

    private HttpRequest.Builder authorized(String path, ProviderCredentials credentials) throws ProviderException {
        HttpRequest.Builder request = http.request(baseUrl, path)
                .header("Authorization", "Bearer " + ProviderErrors.usableKey(http.provider(), credentials));
        headers.forEach(request::header);
        return request.header("Accept", "application/json");
    }

    private <T> T exchange(HttpRequest request, ProviderCredentials credentials, AnswerReader<T> reader) throws ProviderException {
        try {
            HttpResponse<byte[]> response = http.send(request);
            if (response.statusCode() / 100 != 2) {
                throw errorAnswers.apply(response);
            }
            JsonNode answer = http.parseJson(response.body());
            if (!answer.isObject()) {
                throw http.malformed("expected a JSON object, got " + answer.getNodeType());
            }
            return reader.read(answer);
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }
}
