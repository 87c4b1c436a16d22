package dev.mediajobs.api.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a delivery stands: {@code pending} (an attempt is due now or later), {@code delivered} (a 2xx came back),
 * {@code exhausted} (every attempt of the schedule failed; it is on the dead-letter topic) or {@code disabled} (the
 * receiver answered 410 Gone, or its endpoint was disabled or deleted). Only {@code pending} has attempts ahead; a
 * manual redeliver can still try any of them once more.
 */
public enum DeliveryStatus {
    PENDING,
    DELIVERED,
    EXHAUSTED,
    DISABLED;

    public boolean isFinished() {
        return this != PENDING;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeliveryStatus fromWire(String value) {
        return DeliveryStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
