package dev.mediajobs.api.providers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One API key of a provider's pool as operators see it: by its configured name, never the key.
 *
 * @param status           {@code active}, {@code benched} (taken out of the pool after a 401/403 or 402 until
 *                         {@code benchedUntil}; tasks it submitted are still polled with it), or {@code unknown} when
 *                         Redis could not be asked (the numbers are then left out)
 * @param reason           why the key is benched
 * @param inFlight         tasks holding a concurrency slot of this key (0 when the provider has no concurrency limit)
 * @param requestsInWindow calls counted against the key's requests-per-minute budget over the current window (0 when
 *                         the provider has no such limit)
 * @param retryAfterMillis how long no call may use this key because the provider answered 429 with Retry-After
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyStatus(
        String name,
        String status,
        String reason,
        Instant benchedUntil,
        Long inFlight,
        Long requestsInWindow,
        Long retryAfterMillis) {

    public static final String ACTIVE = "active";
    public static final String BENCHED = "benched";
    public static final String UNKNOWN = "unknown";

    static KeyStatus unknown(String name) {
        return new KeyStatus(name, UNKNOWN, null, null, null, null, null);
    }
}
