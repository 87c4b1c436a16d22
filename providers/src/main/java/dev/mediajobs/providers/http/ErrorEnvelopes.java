package dev.mediajobs.providers.http;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Errors a provider reports inside a 2xx answer, for providers whose documents do not spell out their error shape.
 * Recognised: {@code "error": "text"}, {@code "error": {"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED"}}
 * (Google's shape), and a numeric top-level {@code "code"} other than 0 or 200 beside {@code "msg"} or
 * {@code "message"} (the {@code {code, msg, data}} envelope of many aggregators).
 *
 * <p>The kind comes from the numeric code when it is an HTTP status, else from a Google status word, else from the
 * wording ("credits", "rate limit"); an error that says nothing else is the provider refusing this request:
 * {@link Kind#INVALID_REQUEST}.
 */
public final class ErrorEnvelopes {

    private static final int MAX_MESSAGE_CHARS = 300;

    private ErrorEnvelopes() {
    }

    public static Optional<ProviderException> in(JsonNode answer, String provider) {
        if (answer == null || !answer.isObject()) {
            return Optional.empty();
        }
        JsonNode error = answer.get("error");
        if (error != null && error.isString() && !error.asString().isBlank()) {
            return Optional.of(exception(provider, null, null, error.asString()));
        }
        if (error != null && error.isObject()) {
            return Optional.of(exception(provider, code(error.get("code")), ProviderHttp.text(error, "status"),
                    firstText(error, "message", "msg", "detail")));
        }
        Integer code = code(answer.get("code"));
        if (code != null && code != 0 && code != 200) {
            return Optional.of(exception(provider, code, null, firstText(answer, "msg", "message")));
        }
        return Optional.empty();
    }

    /** Google's canonical status words (google.rpc.Code), or null for any other word. */
    public static Kind kindForGoogleStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE", "ALREADY_EXISTS" -> Kind.INVALID_REQUEST;
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> Kind.AUTH;
            case "RESOURCE_EXHAUSTED" -> Kind.RATE_LIMITED;
            case "NOT_FOUND" -> Kind.NOT_FOUND;
            case "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED", "UNKNOWN" -> Kind.TRANSIENT;
            default -> null;
        };
    }

    private static ProviderException exception(String provider, Integer code, String status, String message) {
        Kind kind = kind(code, status, message);
        String text = message == null || message.isBlank() ? "(no message)" : cut(message);
        String what = (code != null ? " " + code : "") + (status != null ? " " + cut(status) : "");
        return new ProviderException(kind, provider, null, provider + " reported an error" + what + ": " + text, null);
    }

    private static Kind kind(Integer code, String status, String message) {
        if (code != null && code >= 400 && code <= 599) {
            return ProviderHttp.kindForStatus(code);
        }
        Kind google = kindForGoogleStatus(status);
        if (google != null) {
            return google;
        }
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("credit") || m.contains("balance")) {
            return Kind.CREDITS;
        }
        if (m.contains("rate limit") || m.contains("too many requests")) {
            return Kind.RATE_LIMITED;
        }
        return Kind.INVALID_REQUEST;
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

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String text = ProviderHttp.text(node, field);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "…" : s;
    }
}
