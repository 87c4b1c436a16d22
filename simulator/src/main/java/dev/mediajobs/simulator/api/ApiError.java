package dev.mediajobs.simulator.api;

import dev.mediajobs.simulator.account.LimitExceeded;
import dev.mediajobs.simulator.account.Refusal;

/**
 * An error answer: {@code {"error":{"code":..,"message":..,"field":..}}} with an HTTP status. Thrown by the request
 * handling code and rendered in one place.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Long retryAfterSeconds;

    private ApiError(int status, String code, String message, String field, Long retryAfterSeconds) {
        super(message, null, false, false); // control flow, not a bug: no stack trace needed
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError invalidRequest(String message, String field) {
        return new ApiError(400, "invalid_request", message, field, null);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message, null, null);
    }

    static ApiError insufficientCredits() {
        return new ApiError(402, "insufficient_credits", "the account has no credits left", null, null);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null, null);
    }

    static ApiError methodNotAllowed(String method) {
        return new ApiError(405, "method_not_allowed", method + " is not allowed here", null, null);
    }

    static ApiError payloadTooLarge(int maxBytes) {
        return new ApiError(413, "payload_too_large", "the body is larger than " + maxBytes + " bytes", null, null);
    }

    static ApiError rateLimited(long retryAfterSeconds) {
        return new ApiError(429, "rate_limited", "too many requests (simulated); retry after " + retryAfterSeconds + " s",
                null, retryAfterSeconds);
    }

    /** A limit of the account was exceeded: the client sent more than the provider allows. */
    static ApiError limitExceeded(LimitExceeded limit) {
        String code = limit.refusal() == Refusal.CONCURRENCY_LIMIT ? "too_many_tasks" : "rate_limited";
        return new ApiError(429, code, limit.getMessage(), null, limit.retryAfterSeconds());
    }

    static ApiError internal() {
        return new ApiError(500, "internal_error", "the simulator failed unexpectedly", null, null);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }

    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
