package dev.mediajobs.api.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What one attempt came to; also the {@code outcome} tag of {@code mediajobs.webhooks.attempts}. */
public enum AttemptOutcome {
    /** A 2xx answer. */
    SUCCESS,
    /** Any other status except 3xx and 410. */
    HTTP_ERROR,
    /** A 3xx: redirects are never followed, the receiver must give its final URL. */
    REDIRECT,
    /** 410 Gone: the receiver wants no more deliveries. */
    GONE,
    /** No answer: connection refused or reset, timeout, TLS failure. */
    NETWORK_ERROR,
    /** The outbound policy refused the URL (a private address, say); nothing was sent. */
    BLOCKED;

    public boolean isSuccess() {
        return this == SUCCESS;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AttemptOutcome fromWire(String value) {
        return AttemptOutcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
