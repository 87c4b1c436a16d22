package dev.mediajobs.api.webhooks;

import dev.mediajobs.api.config.ApiProperties;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signer of each tenant: its own {@code mediajobs.api.tenants.<tenant>.webhook-secret}, else the shared
 * {@code mediajobs.webhooks.signing-secret}, else one generated at start-up (receivers then cannot verify signatures
 * across restarts, which is logged; the secret itself never is).
 */
public class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

    private final Map<String, WebhookSigner> byTenant;
    private final WebhookSigner fallback;

    private WebhookSecrets(Map<String, WebhookSigner> byTenant, WebhookSigner fallback) {
        this.byTenant = Map.copyOf(byTenant);
        this.fallback = fallback;
    }

    /** @throws IllegalStateException naming the property of a malformed secret */
    public static WebhookSecrets from(Map<String, ApiProperties.Tenant> tenants, String sharedSecret) {
        Map<String, WebhookSigner> byTenant = new HashMap<>();
        tenants.forEach((tenant, settings) -> {
            if (settings != null && settings.getWebhookSecret() != null && !settings.getWebhookSecret().isBlank()) {
                byTenant.put(tenant, signer(settings.getWebhookSecret(), "mediajobs.api.tenants." + tenant + ".webhook-secret"));
            }
        });
        WebhookSigner fallback;
        if (sharedSecret != null && !sharedSecret.isBlank()) {
            fallback = signer(sharedSecret, "mediajobs.webhooks.signing-secret");
        } else {
            fallback = WebhookSigner.fromSecret(WebhookSigner.generateSecret());
            boolean everyTenantHasOne = !tenants.isEmpty() && byTenant.keySet().containsAll(tenants.keySet());
            if (!everyTenantHasOne) {
                log.warn("no webhook signing secret configured (mediajobs.webhooks.signing-secret or "
                        + "mediajobs.api.tenants.<tenant>.webhook-secret): signing with a random secret generated at "
                        + "start-up, which receivers cannot know and which changes on every restart");
            }
        }
        return new WebhookSecrets(byTenant, fallback);
    }

    public WebhookSigner signerFor(String tenant) {
        WebhookSigner own = tenant == null ? null : byTenant.get(tenant);
        return own != null ? own : fallback;
    }

    private static WebhookSigner signer(String secret, String property) {
        try {
            return WebhookSigner.fromSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": " + e.getMessage() + " (e.g. whsec_ + 32 random bytes in base64)");
        }
    }
}
