package dev.mediajobs.api.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A delivery as {@code GET /v1/jobs/{id}/deliveries} shows it: everything but the body (which is the event itself).
 *
 * @param webhookId the {@code webhook-id} header of every attempt
 * @param target    {@code job} (the job's webhookUrl) or the tenant endpoint's id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryResponse(String id, String webhookId, String eventType, String target, String url,
                               DeliveryStatus status, int attemptCount, Instant nextAttemptAt, String lastError,
                               Instant createdAt, Instant updatedAt, List<DeliveryAttempt> attempts) {

    public static DeliveryResponse of(Delivery d) {
        return new DeliveryResponse(d.id(), d.eventId(), d.eventType(), d.target(), d.url(), d.status(),
                d.attemptCount(), d.nextAttemptAt(), d.lastError(), d.createdAt(), d.updatedAt(), d.attempts());
    }

    /** {@code GET /v1/jobs/{id}/deliveries}. */
    public record Page(List<DeliveryResponse> items) {
    }
}
