package dev.mediajobs.providers.simulator;

import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;

/**
 * Keeps the API key out of exception messages. {@link dev.mediajobs.providers.http.ProviderHttp} never copies a header
 * into a message, but it does copy the provider's error text, and providers have been known to echo a rejected key.
 */
final class Redaction {

    private Redaction() {
    }

    static ProviderException withoutKey(ProviderException e, ProviderCredentials credentials) {
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
}
