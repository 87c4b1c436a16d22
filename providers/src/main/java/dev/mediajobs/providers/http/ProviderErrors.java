package dev.mediajobs.providers.http;

import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import java.time.Duration;

/**
 * Small rewrites of a {@link ProviderException} that adapters apply on top of {@link ProviderHttp}'s mapping: keeping
 * the API key out of the message (providers have been known to echo a rejected key in their error text), and giving a
 * 429 without Retry-After the wait its provider's document prescribes.
 */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    /**
     * The API key to send, or {@link ProviderException.Kind#AUTH} without a call when it is missing or cannot be a
     * header value (the JDK client would throw an IllegalArgumentException for a control character).
     */
    public static String usableKey(String provider, ProviderCredentials credentials) throws ProviderException {
        String key = credentials == null ? null : credentials.apiKey();
        if (key == null || key.isBlank() || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ProviderException(ProviderException.Kind.AUTH, provider, null,
                    "the " + provider + " API key is missing or not a valid header value", null);
        }
        return key;
    }

    /** The same exception with every occurrence of the credentials' key replaced by {@code ***}. */
    public static ProviderException withoutKey(ProviderException e, ProviderCredentials credentials) {
        String key = credentials == null ? null : credentials.apiKey();
        if (key == null || key.isEmpty() || e.getMessage() == null || !e.getMessage().contains(key)) {
            return e;
        }
        ProviderException clean = new ProviderException(e.kind(), e.provider(), e.httpStatus(),
                e.getMessage().replace(key, "***"), e.retryAfter());
        Throwable cause = e.getCause();
        if (cause != null && (cause.getMessage() == null || !cause.getMessage().contains(key))) {
            clean.initCause(cause);
        }
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    /**
     * A {@link ProviderException.Kind#RATE_LIMITED} exception without a Retry-After gets the given one (e.g. a
     * document's "retry after 60 s when the header is missing"); any other exception is returned as it is.
     */
    public static ProviderException withRetryAfterWhenAbsent(ProviderException e, Duration retryAfter) {
        if (e.kind() != ProviderException.Kind.RATE_LIMITED || e.retryAfter() != null || retryAfter == null) {
            return e;
        }
        ProviderException timed = new ProviderException(e.kind(), e.provider(), e.httpStatus(), e.getMessage(), retryAfter);
        if (e.getCause() != null) {
            timed.initCause(e.getCause());
        }
        timed.setStackTrace(e.getStackTrace());
        return timed;
    }
}
