package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a job failed.
 *
 * @param code      a stable machine-readable code from {@link ErrorCodes}
 * @param message   a human-readable explanation (the provider's own message where there is one; never a secret)
 * @param retryable whether submitting the same job again could succeed
 * @param provider  the provider that reported the error, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobError(String code, String message, boolean retryable, String provider) {

    public static JobError of(String code, String message, boolean retryable) {
        return new JobError(code, message, retryable, null);
    }
}
