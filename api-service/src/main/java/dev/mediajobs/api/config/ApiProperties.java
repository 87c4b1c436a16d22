package dev.mediajobs.api.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code mediajobs.api.*}: tenants and their keys, request limits, idempotency and view maintenance. */
@ConfigurationProperties(prefix = "mediajobs.api")
public class ApiProperties {

    /**
     * Tenants by name: {@code mediajobs.api.tenants.<tenant>.key-sha256=<hex>[,<hex>]} (env
     * {@code MEDIAJOBS_API_TENANTS_<TENANT>_KEYSHA256}; names from the environment arrive lower-cased).
     */
    private Map<String, Tenant> tenants = new LinkedHashMap<>();
    /** Largest accepted request body. */
    private DataSize maxBodyBytes = DataSize.ofKilobytes(256);
    /**
     * Largest provider callback body ({@code POST /v1/callbacks/...}); larger ones get 413. The body is only counted,
     * never kept, so this only bounds what a caller can make the service read.
     */
    private DataSize maxCallbackBodyBytes = DataSize.ofMegabytes(1);
    /** How long an Idempotency-Key stays claimed. */
    private Duration idempotencyTtl = Duration.ofHours(24);
    /** How often to check whether Redis lost the job view (the {@code mj:view:ready} marker) and rebuild it. */
    private Duration viewRebuildCheckInterval = Duration.ofSeconds(5);

    public Map<String, Tenant> getTenants() { return tenants; }
    public void setTenants(Map<String, Tenant> tenants) { this.tenants = tenants; }
    public DataSize getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(DataSize maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
    public DataSize getMaxCallbackBodyBytes() { return maxCallbackBodyBytes; }
    public void setMaxCallbackBodyBytes(DataSize maxCallbackBodyBytes) { this.maxCallbackBodyBytes = maxCallbackBodyBytes; }
    public Duration getIdempotencyTtl() { return idempotencyTtl; }
    public void setIdempotencyTtl(Duration idempotencyTtl) { this.idempotencyTtl = idempotencyTtl; }
    public Duration getViewRebuildCheckInterval() { return viewRebuildCheckInterval; }
    public void setViewRebuildCheckInterval(Duration viewRebuildCheckInterval) { this.viewRebuildCheckInterval = viewRebuildCheckInterval; }

    /** Checks the limits; the tenants themselves are checked by {@link dev.mediajobs.api.auth.TenantKeys}. */
    public void validate() {
        require(maxBodyBytes != null && maxBodyBytes.toBytes() > 0 && maxBodyBytes.toBytes() <= Integer.MAX_VALUE - 8,
                "mediajobs.api.max-body-bytes must be positive and below 2 GB, e.g. 256KB");
        require(maxCallbackBodyBytes != null && maxCallbackBodyBytes.toBytes() > 0,
                "mediajobs.api.max-callback-body-bytes must be positive, e.g. 1MB");
        require(idempotencyTtl != null && idempotencyTtl.toSeconds() >= 1,
                "mediajobs.api.idempotency-ttl must be at least 1s, e.g. 24h");
        require(viewRebuildCheckInterval != null && viewRebuildCheckInterval.toMillis() >= 10,
                "mediajobs.api.view-rebuild-check-interval must be at least 10ms, e.g. 5s");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** One tenant: the hashes of its API keys and the secret its webhooks are signed with. */
    public static class Tenant {
        /** SHA-256 hex digests of the tenant's API keys (never the keys themselves); several allow key rotation. */
        private List<String> keySha256 = new ArrayList<>();
        /**
         * {@code whsec_<base64>}, comma-separated during a rotation (every one signs); falls back to
         * {@code mediajobs.webhooks.signing-secret}.
         */
        private List<String> webhookSecret = new ArrayList<>();

        public List<String> getKeySha256() { return keySha256; }
        public void setKeySha256(List<String> keySha256) { this.keySha256 = keySha256; }
        public List<String> getWebhookSecret() { return webhookSecret; }
        public void setWebhookSecret(List<String> webhookSecret) { this.webhookSecret = webhookSecret; }

        @Override
        public String toString() {
            return "Tenant[keys=" + keySha256.size() + ", webhookSecrets=" + (webhookSecret == null ? 0 : webhookSecret.size()) + "]";
        }
    }
}
