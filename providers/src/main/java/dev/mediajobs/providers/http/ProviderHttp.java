package dev.mediajobs.providers.http;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP plumbing every adapter shares: JSON requests on the JDK client, the mapping of HTTP status codes to
 * {@link ProviderException.Kind}, and Retry-After parsing. Error messages carry the provider's own text, cut short,
 * and never a header (so never an API key).
 */
public final class ProviderHttp {

    private static final int MAX_ERROR_TEXT = 500;

    private final String provider;
    private final HttpClient client;
    private final Duration requestTimeout;

    public ProviderHttp(String provider, Duration connectTimeout, Duration requestTimeout) {
        this.provider = provider;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public String provider() {
        return provider;
    }

    /** A request builder with the timeout set; the adapter adds its auth header and body. */
    public HttpRequest.Builder request(String baseUrl, String path) {
        return HttpRequest.newBuilder(URI.create(join(baseUrl, path))).timeout(requestTimeout);
    }

    public static HttpRequest.BodyPublisher jsonBody(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(JsonCodec.toBytes(body));
    }

    /** Sends and returns the answer whatever its status; only transport failures throw. */
    public HttpResponse<byte[]> send(HttpRequest request) throws ProviderException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderException(Kind.TRANSIENT, provider, "connection to " + provider + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.TRANSIENT, provider, "interrupted while calling " + provider, e);
        }
    }

    /** Sends, maps non-2xx answers to a {@link ProviderException}, and parses the 2xx body as JSON. */
    public JsonNode sendForJson(HttpRequest request) throws ProviderException {
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw errorFor(response);
        }
        return parseJson(response.body());
    }

    public JsonNode parseJson(byte[] body) throws ProviderException {
        try {
            JsonNode node = JsonCodec.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed("empty answer");
            }
            return node;
        } catch (JacksonException e) {
            throw malformed("answer is not JSON: " + snippet(body));
        }
    }

    public ProviderException malformed(String what) {
        return new ProviderException(Kind.MALFORMED_RESPONSE, provider, null, provider + " sent a malformed answer: " + what, null);
    }

    /** The standard mapping of an HTTP error answer. Adapters with envelope codes map those themselves. */
    public ProviderException errorFor(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String message = provider + " answered HTTP " + status + ": " + snippet(response.body());
        Duration retryAfter = retryAfter(response).orElse(null);
        return new ProviderException(kindForStatus(status), provider, status, message, retryAfter);
    }

    public static Kind kindForStatus(int status) {
        return switch (status) {
            case 400, 409, 413, 415, 422 -> Kind.INVALID_REQUEST;
            case 401, 403 -> Kind.AUTH;
            case 402 -> Kind.CREDITS;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 || status == 408 ? Kind.TRANSIENT : Kind.MALFORMED_RESPONSE;
        };
    }

    /** Retry-After as delta-seconds or an HTTP date. */
    public static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(ProviderHttp::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    public static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty)";
        }
        String s = new String(body, 0, Math.min(body.length, MAX_ERROR_TEXT), StandardCharsets.UTF_8);
        return body.length > MAX_ERROR_TEXT ? s + "…" : s;
    }

    public static String join(String baseUrl, String path) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return path.startsWith("/") ? base + path : base + "/" + path;
    }

    /**
     * Text of a scalar JSON field, or null when missing, null, or an object or array (Jackson 3's {@code asString()}
     * throws on those, which would escape an adapter as something other than a {@link ProviderException}).
     */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asString();
    }

    public static Map<String, String> bearer(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }
}
