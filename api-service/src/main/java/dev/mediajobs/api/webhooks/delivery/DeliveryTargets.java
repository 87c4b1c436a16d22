package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.api.webhooks.WebhookSecrets;
import dev.mediajobs.api.webhooks.WebhookSigner;
import dev.mediajobs.api.webhooks.endpoints.WebhookEndpoint;
import dev.mediajobs.api.webhooks.endpoints.WebhookEndpointRegistry;
import java.util.Optional;

/**
 * Resolves a delivery's target at attempt time: a job's {@code webhookUrl} is signed with the tenant's secrets; a
 * tenant endpoint is looked up again (it may have been deleted or disabled since) and signed with its own secret.
 */
public class DeliveryTargets {

    private final WebhookSecrets secrets;
    private final WebhookEndpointRegistry endpoints;

    public DeliveryTargets(WebhookSecrets secrets, WebhookEndpointRegistry endpoints) {
        this.secrets = secrets;
        this.endpoints = endpoints;
    }

    /** Whether endpoints can be looked up (they are loaded from Kafka at start-up). */
    public boolean isReady() {
        return endpoints.isLoaded();
    }

    public DeliveryTarget resolve(Delivery delivery) {
        if (delivery.isJobTarget()) {
            return new DeliveryTarget(delivery.url(), secrets.signerFor(delivery.tenant()), null, null);
        }
        Optional<WebhookEndpoint> endpoint = endpoints.find(delivery.target())
                .filter(e -> e.tenant() != null && e.tenant().equals(delivery.tenant()));
        if (endpoint.isEmpty()) {
            return DeliveryTarget.gone("the webhook endpoint " + delivery.target() + " was deleted");
        }
        if (endpoint.get().disabled()) {
            return DeliveryTarget.gone("the webhook endpoint " + delivery.target() + " is disabled ("
                    + endpoint.get().disabledReason() + ")");
        }
        WebhookEndpoint e = endpoint.get();
        return new DeliveryTarget(e.url(), WebhookSigner.fromSecret(e.secret()), e.id(), null);
    }
}
