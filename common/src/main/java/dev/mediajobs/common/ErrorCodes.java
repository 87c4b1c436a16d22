package dev.mediajobs.common;

/** Stable machine-readable error codes, used in problem+json responses and in job errors. */
public final class ErrorCodes {
    // REST input errors (problem+json "code")
    public static final String MALFORMED_BODY = "malformed_body";
    public static final String VALIDATION_FAILED = "validation_failed";
    public static final String FIELD_REQUIRED = "field_required";
    public static final String FIELD_TOO_LONG = "field_too_long";
    public static final String FIELD_INVALID = "field_invalid";
    public static final String UNKNOWN_PROVIDER = "unknown_provider";
    public static final String UNSUPPORTED_OPERATION = "unsupported_operation";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String NOT_FOUND = "not_found";
    public static final String IDEMPOTENCY_CONFLICT = "idempotency_conflict";
    public static final String JOB_ALREADY_TERMINAL = "job_already_terminal";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String UNAVAILABLE = "service_unavailable";
    public static final String INTERNAL = "internal_error";

    // Job errors (job.error.code)
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String PROVIDER_AUTH = "provider_auth";
    public static final String PROVIDER_CREDITS = "provider_credits";
    public static final String PROVIDER_RATE_LIMITED = "provider_rate_limited";
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    public static final String PROVIDER_TASK_FAILED = "provider_task_failed";
    public static final String PROVIDER_MALFORMED_RESPONSE = "provider_malformed_response";
    public static final String PROVIDER_NOT_CONFIGURED = "provider_not_configured";
    public static final String SUBMIT_UNRECONCILED = "submit_unreconciled";
    public static final String ASSET_UNREACHABLE = "asset_unreachable";
    public static final String ASSET_CHECKSUM_MISMATCH = "asset_checksum_mismatch";
    public static final String TIMED_OUT = "timed_out";
    public static final String CANCELED = "canceled";

    private ErrorCodes() {
    }
}
