package dev.mediajobs.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code webhook-signature} is {@code v1,} followed by
 * the base64 HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the secret's bytes. Secrets
 * are written {@code whsec_<base64>}; the key is the base64-decoded part.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /**
     * @param secret {@code whsec_<base64>} (the prefix may be left out)
     * @throws IllegalArgumentException when the secret is not base64 or too short; the message never contains it
     */
    public static WebhookSigner fromSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        String encoded = secret.trim();
        if (encoded.startsWith(SECRET_PREFIX)) {
            encoded = encoded.substring(SECRET_PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret must be whsec_ followed by base64");
        }
        if (key.length < 16) {
            throw new IllegalArgumentException("the webhook secret must hold at least 16 bytes (24 base64 characters)");
        }
        return new WebhookSigner(key);
    }

    /** A new random secret of 32 bytes, {@code whsec_<base64>}. */
    public static String generateSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The value of the {@code webhook-signature} header. */
    public String sign(String webhookId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal((webhookId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[***]";
    }
}
