package dev.mediajobs.providers;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import java.time.Duration;

/**
 * A provider call went wrong. The {@link Kind} decides what happens next; the message is the provider's own (never
 * containing an API key).
 */
public class ProviderException extends Exception {

    public enum Kind {
        /** The caller's fault (400, 422, validation envelope codes): terminal, never retried, never falls back. */
        INVALID_REQUEST(ErrorCodes.INVALID_REQUEST, false),
        /** 401/403: terminal for this key; another key or a fallback provider may work. */
        AUTH(ErrorCodes.PROVIDER_AUTH, false),
        /** 402 or "insufficient credits": terminal for this key; another key or a fallback provider may work. */
        CREDITS(ErrorCodes.PROVIDER_CREDITS, false),
        /** 429: retry after {@link #retryAfter()} when the provider gave it. */
        RATE_LIMITED(ErrorCodes.PROVIDER_RATE_LIMITED, true),
        /** 5xx, connection failures, timeouts: retry with backoff. */
        TRANSIENT(ErrorCodes.PROVIDER_UNAVAILABLE, true),
        /** The task does not exist (404 on poll). */
        NOT_FOUND(ErrorCodes.PROVIDER_TASK_FAILED, false),
        /** An answer we cannot understand: the job fails cleanly. */
        MALFORMED_RESPONSE(ErrorCodes.PROVIDER_MALFORMED_RESPONSE, false);

        private final String errorCode;
        private final boolean retryable;

        Kind(String errorCode, boolean retryable) {
            this.errorCode = errorCode;
            this.retryable = retryable;
        }

        public String errorCode() {
            return errorCode;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String provider;
    private final Integer httpStatus;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String provider, Integer httpStatus, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.provider = provider;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public ProviderException(Kind kind, String provider, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.provider = provider;
        this.httpStatus = null;
        this.retryAfter = null;
    }

    public Kind kind() {
        return kind;
    }

    public String provider() {
        return provider;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    /** The provider's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether another key or a fallback provider might succeed where this one failed. */
    public boolean allowsFallback() {
        return kind == Kind.AUTH || kind == Kind.CREDITS || kind == Kind.RATE_LIMITED || kind == Kind.TRANSIENT;
    }

    public JobError toJobError() {
        return new JobError(kind.errorCode(), getMessage(), kind.retryable(), provider);
    }
}
