package dev.mediajobs.api.webhooks.endpoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant-wide webhook endpoint: every event of the tenant's jobs whose type is in {@code events} goes to {@code url},
 * signed with the endpoint's own {@code secret}. This is the value on the compacted endpoints topic (keyed by id; a
 * tombstone deletes); the secret is stored there because every attempt signs with it, so that topic must be readable
 * only by the api-service.
 *
 * @param disabled whether deliveries stopped (the receiver answered 410 Gone)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpoint(
        String id,
        String tenant,
        String url,
        List<String> events,
        String description,
        String secret,
        Instant createdAt,
        boolean disabled,
        Instant disabledAt,
        String disabledReason) {

    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean wants(String eventType) {
        return !disabled && events.contains(eventType);
    }

    public WebhookEndpoint disable(String reason, Instant now) {
        return new WebhookEndpoint(id, tenant, url, events, description, secret, createdAt, true, now, reason);
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[" + id + ", tenant=" + tenant + ", events=" + events + ", disabled=" + disabled
                + ", secret=***]";
    }
}
