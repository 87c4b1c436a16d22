package dev.mediajobs.api.problem;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem documents of this API: {@code type} {@code https://mediajobs.dev/problems/<code>},
 * {@code title}, {@code status}, {@code detail}, plus the properties {@code code} (stable, from {@link ErrorCodes}),
 * {@code field} (the first offending field, when there is one) and {@code errors} (every field problem).
 */
public final class Problems {

    public static final String TYPE_BASE = "https://mediajobs.dev/problems/";
    /** Codes this API needs that {@link ErrorCodes} does not define (yet). */
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String BAD_REQUEST = "bad_request";

    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry(ErrorCodes.MALFORMED_BODY, "Malformed request body"),
            Map.entry(ErrorCodes.VALIDATION_FAILED, "Validation failed"),
            Map.entry(ErrorCodes.FIELD_REQUIRED, "Required parameter missing"),
            Map.entry(ErrorCodes.FIELD_INVALID, "Invalid parameter"),
            Map.entry(ErrorCodes.UNKNOWN_PROVIDER, "Unknown provider"),
            Map.entry(ErrorCodes.UNSUPPORTED_OPERATION, "Unsupported operation"),
            Map.entry(ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large"),
            Map.entry(ErrorCodes.UNAUTHENTICATED, "Unauthenticated"),
            Map.entry(ErrorCodes.NOT_FOUND, "Not found"),
            Map.entry(ErrorCodes.IDEMPOTENCY_CONFLICT, "Idempotency conflict"),
            Map.entry(ErrorCodes.JOB_ALREADY_TERMINAL, "Job already terminal"),
            Map.entry(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
            Map.entry(ErrorCodes.METHOD_NOT_ALLOWED, "Method not allowed"),
            Map.entry(ErrorCodes.UNAVAILABLE, "Service unavailable"),
            Map.entry(ErrorCodes.INTERNAL, "Internal error"),
            Map.entry(NOT_ACCEPTABLE, "Not acceptable"),
            Map.entry(BAD_REQUEST, "Bad request"));

    private Problems() {
    }

    public static ProblemDetail create(HttpStatusCode status, String code, String detail) {
        return create(status, code, detail, List.of());
    }

    public static ProblemDetail create(HttpStatusCode status, String code, String detail, List<FieldError> errors) {
        return decorate(ProblemDetail.forStatus(status), code, detail, errors);
    }

    /** Gives a problem (possibly one Spring created) this API's type, title, code, field and errors. */
    public static ProblemDetail decorate(ProblemDetail problem, String code, String detail, List<FieldError> errors) {
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(title(code, problem.getStatus()));
        if (detail != null) {
            problem.setDetail(detail);
        }
        problem.setProperty("code", code);
        if (!errors.isEmpty() && errors.get(0).field() != null) {
            problem.setProperty("field", errors.get(0).field());
        }
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }

    /** The stable code of a status when nothing more specific is known. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> ErrorCodes.UNAUTHENTICATED;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ErrorCodes.VALIDATION_FAILED;
            case 503 -> ErrorCodes.UNAVAILABLE;
            default -> status >= 500 ? ErrorCodes.INTERNAL : BAD_REQUEST;
        };
    }

    /** The document as a flat map (what Spring's Jackson mix-in writes), for writers outside Spring MVC. */
    public static Map<String, Object> toMap(ProblemDetail problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", problem.getType().toString());
        map.put("title", problem.getTitle());
        map.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            map.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            map.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            map.putAll(problem.getProperties());
        }
        return map;
    }

    private static String title(String code, int status) {
        String title = TITLES.get(code);
        if (title != null) {
            return title;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
