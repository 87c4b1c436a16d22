package dev.mediajobs.api.problem;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error the API answers deliberately, with its status, stable code and field errors. Thrown anywhere below a
 * controller and turned into problem+json by {@link ApiExceptionHandler}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ApiProblem(HttpStatus status, String code, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false); // an expected outcome, not a bug: no stack trace
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of(), Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, detail);
    }

    /** 400 for a bad query parameter or header. */
    public static ApiProblem badParameter(String parameter, String code, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, code, message, List.of(new FieldError(parameter, code, message)), Map.of());
    }

    /** 400 for a body that is not the JSON we expect; {@code field} may be null when Jackson cannot tell. */
    public static ApiProblem malformedBody(String field, String message) {
        List<FieldError> errors = List.of(new FieldError(field, field == null ? ErrorCodes.MALFORMED_BODY : ErrorCodes.FIELD_INVALID, message));
        return new ApiProblem(HttpStatus.BAD_REQUEST, ErrorCodes.MALFORMED_BODY, message, errors, Map.of());
    }

    public static ApiProblem payloadTooLarge(long maxBytes) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + maxBytes + " bytes");
    }

    /**
     * 422 for a request that parsed but is not acceptable. The code is {@code unknown_provider} or
     * {@code unsupported_operation} when that is the first problem (a client can act on it), else
     * {@code validation_failed}.
     */
    public static ApiProblem validation(List<FieldError> errors) {
        FieldError first = errors.get(0);
        String code = ErrorCodes.UNKNOWN_PROVIDER.equals(first.code()) || ErrorCodes.UNSUPPORTED_OPERATION.equals(first.code())
                ? first.code() : ErrorCodes.VALIDATION_FAILED;
        String detail = errors.size() == 1 ? first.message()
                : first.message() + " (and " + (errors.size() - 1) + " more problem" + (errors.size() > 2 ? "s" : "") + ")";
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, code, detail, errors, Map.of());
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, code, detail);
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.UNAVAILABLE, detail, List.of(),
                Map.of("Retry-After", "5"));
    }

    public ApiProblem withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiProblem(status, code, getMessage(), errors, h);
    }

    public HttpStatus status() { return status; }
    public String code() { return code; }
    public List<FieldError> errors() { return errors; }
    public Map<String, String> headers() { return headers; }

    public ProblemDetail toProblemDetail() {
        return Problems.create(status, code, getMessage(), errors);
    }
}
