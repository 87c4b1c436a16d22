package dev.mediajobs.common;

/**
 * One problem with one input field, reported before any network call.
 *
 * @param field a JSON pointer-like path, e.g. {@code input.prompt} or {@code options.quality}
 * @param code  a stable code from {@link ErrorCodes}
 */
public record FieldError(String field, String code, String message) {
}
