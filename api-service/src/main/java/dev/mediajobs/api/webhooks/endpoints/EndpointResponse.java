package dev.mediajobs.api.webhooks.endpoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A tenant endpoint as the API shows it. {@code secret} is present only in the answer to its creation: it is shown
 * once and never again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointResponse(String id, String url, List<String> events, String description, boolean disabled,
                               Instant disabledAt, String disabledReason, Instant createdAt, String secret) {

    public static EndpointResponse of(WebhookEndpoint e) {
        return new EndpointResponse(e.id(), e.url(), e.events(), e.description(), e.disabled(), e.disabledAt(),
                e.disabledReason(), e.createdAt(), null);
    }

    public static EndpointResponse withSecret(WebhookEndpoint e) {
        return new EndpointResponse(e.id(), e.url(), e.events(), e.description(), e.disabled(), e.disabledAt(),
                e.disabledReason(), e.createdAt(), e.secret());
    }

    /** {@code GET /v1/webhook-endpoints}. */
    public record Page(List<EndpointResponse> items) {
    }
}
