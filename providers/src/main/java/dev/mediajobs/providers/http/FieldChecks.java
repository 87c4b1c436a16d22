package dev.mediajobs.providers.http;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the request rules of several adapters make in the same way, with the same wording around their own. */
public final class FieldChecks {

    private FieldChecks() {
    }

    /**
     * Refuses a request with field errors before a call that may cost money: the dispatcher validates first, this
     * keeps a bad request from ever going out. The message names the first error.
     */
    public static void refuseInvalid(String provider, List<FieldError> errors) throws ProviderException {
        if (!errors.isEmpty()) {
            FieldError first = errors.getFirst();
            throw new ProviderException(Kind.INVALID_REQUEST, provider, null, first.field() + ": " + first.message(), null);
        }
    }

    /**
     * A neutral input field the provider's request has no place for is an error rather than silently dropped.
     *
     * @param requestHasNo the start of the message, e.g. {@code "Sora's generate request has no"}; the field's name
     *                     without {@code input.} follows
     */
    public static void notTaken(List<FieldError> errors, String field, Object value, String requestHasNo) {
        if (value != null) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, requestHasNo + " " + field.substring("input.".length())));
        }
    }

    /**
     * Options that would overwrite a body field the adapter sets itself.
     *
     * @param why the rest of the message after {@code options.<name>}, e.g. {@code "is set from the input (prompt)"}
     */
    public static void reservedOptions(List<FieldError> errors, Map<String, Object> options, Set<String> reserved, String why) {
        for (String name : reserved) {
            if (options.containsKey(name)) {
                errors.add(new FieldError("options." + name, ErrorCodes.FIELD_INVALID, "options." + name + " " + why));
            }
        }
    }

    /** A whole number of at least 1. Whole numbers only: Jackson reads 30.0 as a Double, and 1.5 steps mean nothing. */
    public static boolean isPositiveWholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue() >= 1;
        }
        return value instanceof BigInteger big && big.signum() > 0;
    }
}
