package dev.mediajobs.providers.kie;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Kie's common answer, {@code {code, msg, data}} with {@code code 200} for success. Kie reports errors both as HTTP
 * statuses and as an error {@code code} inside an HTTP 200, so both go through {@link #kindFor}: 401/403 → AUTH,
 * 402 or an "insufficient credits" message → CREDITS, 429 → RATE_LIMITED, 455 ("service unavailable") and 5xx →
 * TRANSIENT, 404 → NOT_FOUND, any other 4xx (400, 413, 422, 451, …) → INVALID_REQUEST.
 *
 * @param retryAfter the HTTP Retry-After of the answer, kept for an envelope 429
 */
record KieEnvelope(int code, String msg, JsonNode data, Duration retryAfter) {

    static final int SUCCESS = 200;
    private static final int MAX_MESSAGE_CHARS = 300;

    boolean ok() {
        return code == SUCCESS;
    }

    /** The {@code data} of a successful answer; an error code as its {@link ProviderException}. */
    JsonNode dataOrThrow(ProviderHttp http) throws ProviderException {
        if (!ok()) {
            throw error();
        }
        if (data == null || data.isNull() || data.isMissingNode()) {
            throw http.malformed("code 200 without data");
        }
        return data;
    }

    ProviderException error() {
        Kind kind = kindFor(code, msg);
        return new ProviderException(kind, KieProviderAdapter.ID, null,
                "kie answered code " + code + ": " + describe(msg), kind == Kind.RATE_LIMITED ? retryAfter : null);
    }

    /** Reads an answer: HTTP errors are thrown (with Kie's {@code msg} when the body has one), 2xx must be an envelope. */
    static KieEnvelope read(HttpResponse<byte[]> response, ProviderHttp http) throws ProviderException {
        Duration retryAfter = ProviderHttp.retryAfter(response).orElse(null);
        int status = response.statusCode();
        if (status / 100 != 2) {
            JsonNode body = tryParse(response.body());
            String msg = ProviderHttp.text(body, "msg");
            String text = msg != null ? describe(msg) : ProviderHttp.snippet(response.body());
            Kind kind = status / 100 == 3 ? Kind.MALFORMED_RESPONSE : kindFor(status, msg);
            throw new ProviderException(kind, KieProviderAdapter.ID, status, "kie answered HTTP " + status + ": " + text, retryAfter);
        }
        JsonNode answer = http.parseJson(response.body());
        if (!answer.isObject()) {
            throw http.malformed("expected a {code, msg, data} object, got " + answer.getNodeType());
        }
        Integer code = code(answer.get("code"));
        if (code == null) {
            throw http.malformed("the answer has no numeric code");
        }
        return new KieEnvelope(code, ProviderHttp.text(answer, "msg"), answer.get("data"), retryAfter);
    }

    /** The kind of an HTTP status or envelope code, the message overriding it when it says the credits ran out. */
    static Kind kindFor(int code, String msg) {
        if (saysNoCredits(msg)) {
            return Kind.CREDITS;
        }
        return switch (code) {
            case 401, 403 -> Kind.AUTH;
            case 402 -> Kind.CREDITS;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            case 408, 455 -> Kind.TRANSIENT;
            default -> code >= 500 && code <= 599 ? Kind.TRANSIENT
                    : code >= 400 && code <= 499 ? Kind.INVALID_REQUEST : Kind.MALFORMED_RESPONSE;
        };
    }

    /** Whether a call-level condition (key, credits, rate, outage) rather than this one task is the problem. */
    static boolean isCallLevel(Kind kind) {
        return kind == Kind.AUTH || kind == Kind.CREDITS || kind == Kind.RATE_LIMITED || kind == Kind.TRANSIENT;
    }

    private static boolean saysNoCredits(String msg) {
        if (msg == null) {
            return false;
        }
        String m = msg.toLowerCase(Locale.ROOT);
        return m.contains("credit") && (m.contains("insufficient") || m.contains("not enough") || m.contains("run out"))
                || m.contains("insufficient balance");
    }

    private static Integer code(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.asInt();
        }
        if (node.isString() && node.asString().matches("\\d{1,6}")) {
            return Integer.parseInt(node.asString());
        }
        return null;
    }

    private static JsonNode tryParse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : JsonCodec.mapper().readTree(body);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String describe(String msg) {
        if (msg == null || msg.isBlank()) {
            return "(no message)";
        }
        return msg.length() > MAX_MESSAGE_CHARS ? msg.substring(0, MAX_MESSAGE_CHARS) + "…" : msg;
    }
}
