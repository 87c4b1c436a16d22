package dev.mediajobs.api.webhooks;

import dev.mediajobs.api.config.ApiProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signer of each tenant's per-job webhooks ({@code webhookUrl}): its own
 * {@code mediajobs.api.tenants.<tenant>.webhook-secret}, else the shared {@code mediajobs.webhooks.signing-secret},
 * else one generated at start-up (receivers then cannot verify signatures across restarts, which is logged; the secret
 * itself never is). Each setting may list several secrets during a rotation. Tenant-wide endpoints sign with their
 * own secret instead.
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
    public static WebhookSecrets from(Map<String, ApiProperties.Tenant> tenants, List<String> sharedSecrets) {
        Map<String, WebhookSigner> byTenant = new HashMap<>();
        tenants.forEach((tenant, settings) -> {
            List<String> own = settings == null ? List.of() : present(settings.getWebhookSecret());
            if (!own.isEmpty()) {
                byTenant.put(tenant, signer(own, "mediajobs.api.tenants." + tenant + ".webhook-secret"));
            }
        });
        List<String> shared = present(sharedSecrets);
        WebhookSigner fallback;
        if (!shared.isEmpty()) {
            fallback = signer(shared, "mediajobs.webhooks.signing-secret");
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

    private static List<String> present(List<String> secrets) {
        return secrets == null ? List.of() : secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    private static WebhookSigner signer(List<String> secrets, String property) {
        try {
            return WebhookSigner.fromSecrets(secrets);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": " + e.getMessage() + " (e.g. whsec_ + 32 random bytes in base64)");
        }
    }
}
