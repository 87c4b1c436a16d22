package dev.mediajobs.providers.runware;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.http.ProviderHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Runware's {@code errors[]}: {@code {code, message, parameter, type, allowedValues}}, maybe with the
 * {@code taskUUID} it concerns. The document's codes map as it advises ("Use supported model ID" → the caller's fault,
 * "Retry request" → transient); other codes by their wording, then by the HTTP status.
 */
final class RunwareErrors {

    private static final int MAX_MESSAGE_CHARS = 300;
    /** The document's "Common Error Codes". */
    private static final Map<String, Kind> DOCUMENTED = Map.of(
            "invalidModel", Kind.INVALID_REQUEST,
            "invalidDuration", Kind.INVALID_REQUEST,
            "unsupportedDimensions", Kind.INVALID_REQUEST,
            "unsupportedParameter", Kind.INVALID_REQUEST,
            "unknownErrorWhileReadingResults", Kind.TRANSIENT);

    /** One entry of {@code errors[]}. */
    record RunwareError(String code, String message, String parameter, String taskUUID) {

        String describe() {
            String text = (code == null ? "error" : code) + (parameter == null ? "" : " (" + parameter + ")")
                    + (message == null || message.isBlank() ? "" : ": " + message);
            return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "…" : text;
        }
    }

    private RunwareErrors() {
    }

    static List<RunwareError> in(JsonNode answer) {
        JsonNode errors = answer == null ? null : answer.get("errors");
        List<RunwareError> list = new ArrayList<>();
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                list.add(new RunwareError(ProviderHttp.text(e, "code"), ProviderHttp.text(e, "message"),
                        ProviderHttp.text(e, "parameter"), ProviderHttp.text(e, "taskUUID")));
            }
        }
        return list;
    }

    /**
     * The kind of an error. An HTTP status that speaks for itself (401/403, 402, 429, 5xx) wins; otherwise the code
     * decides, and an unknown code in a 2xx or 4xx answer is Runware refusing the request.
     */
    static Kind kind(Integer httpStatus, String code) {
        boolean httpError = httpStatus != null && httpStatus / 100 != 2;
        if (httpError) {
            Kind byStatus = ProviderHttp.kindForStatus(httpStatus);
            if (byStatus == Kind.AUTH || byStatus == Kind.CREDITS || byStatus == Kind.RATE_LIMITED || byStatus == Kind.TRANSIENT) {
                return byStatus;
            }
        }
        Kind byCode = byCode(code);
        if (byCode != null) {
            return byCode;
        }
        if (httpError) {
            Kind byStatus = ProviderHttp.kindForStatus(httpStatus);
            // an unusual 4xx (418, 451, …) is still Runware refusing this request; a 3xx is an answer we cannot use
            return byStatus == Kind.MALFORMED_RESPONSE && httpStatus / 100 == 4 ? Kind.INVALID_REQUEST : byStatus;
        }
        return Kind.INVALID_REQUEST;
    }

    /** The documented codes, then the wording of undocumented ones (e.g. {@code invalidApiKey}, {@code insufficientCredits}). */
    static Kind byCode(String code) {
        if (code == null) {
            return null;
        }
        Kind documented = DOCUMENTED.get(code);
        if (documented != null) {
            return documented;
        }
        String c = code.toLowerCase(Locale.ROOT);
        if (c.contains("apikey") || c.contains("unauthori") || c.contains("authentication") || c.contains("forbidden")) {
            return Kind.AUTH;
        }
        if (c.contains("credit") || c.contains("balance") || c.contains("funds") || c.contains("payment")) {
            return Kind.CREDITS;
        }
        if (c.contains("ratelimit") || c.contains("toomanyrequests") || c.contains("concurren")) {
            return Kind.RATE_LIMITED;
        }
        if (c.contains("timeout") || c.contains("unavailable") || c.contains("internal") || c.contains("unknownerror")
                || c.contains("servererror")) {
            return Kind.TRANSIENT;
        }
        if (c.contains("notfound")) {
            return Kind.NOT_FOUND;
        }
        return null;
    }

    static ProviderException exception(Integer httpStatus, List<RunwareError> errors, Duration retryAfter) {
        RunwareError first = errors.getFirst();
        String text = errors.stream().map(RunwareError::describe).limit(3).reduce((a, b) -> a + "; " + b).orElse("");
        String status = httpStatus == null || httpStatus / 100 == 2 ? "" : " (HTTP " + httpStatus + ")";
        return new ProviderException(kind(httpStatus, first.code()), RunwareProviderAdapter.ID,
                httpStatus != null && httpStatus / 100 != 2 ? httpStatus : null,
                "runware reported " + text + status, retryAfter);
    }
}
