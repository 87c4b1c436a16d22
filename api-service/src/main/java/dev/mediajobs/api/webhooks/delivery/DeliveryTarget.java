package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.api.webhooks.WebhookSigner;

/**
 * Where an attempt goes and what signs it, or why it cannot go anywhere any more.
 *
 * @param endpointId the tenant endpoint, null for a job's own webhookUrl
 * @param unavailable why the delivery must stop (its endpoint was deleted or disabled), else null
 */
public record DeliveryTarget(String url, WebhookSigner signer, String endpointId, String unavailable) {

    public static DeliveryTarget gone(String reason) {
        return new DeliveryTarget(null, null, null, reason);
    }

    public boolean isAvailable() {
        return unavailable == null;
    }
}
