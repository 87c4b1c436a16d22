package dev.mediajobs.api.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code Retry-After} (RFC 9110): whole seconds, or an HTTP date. Waits beyond {@link #MAX} are cut to it: a
 * delivery must not outlive its record (and absurd values must not overflow the clock).
 */
final class RetryAfter {

    static final Duration MAX = Duration.ofDays(7);

    private RetryAfter() {
    }

    /** The wait it asks for from {@code now}; null when absent or unreadable; zero for a date in the past. */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // more than 12 digits is more than 30 000 years: certainly beyond MAX
            return v.length() > 12 ? MAX : min(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? min(Duration.between(now, at)) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
