package dev.mediajobs.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code webhook-signature} is {@code v1,} followed by
 * the base64 HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the secret's bytes. Secrets
 * are written {@code whsec_<base64>}; the key is the base64-decoded part.
 *
 * <p>A signer may hold several secrets while one is being rotated: it then signs with each, separating the
 * signatures with a space, and a receiver that knows any one of the secrets accepts the message.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    /** The Standard Webhooks minimum; shorter keys make HMAC guessable. */
    public static final int MIN_KEY_BYTES = 24;
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    private WebhookSigner(List<SecretKeySpec> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param secret {@code whsec_<base64>} (the prefix may be left out)
     * @throws IllegalArgumentException when the secret is not base64 or too short; the message never contains it
     */
    public static WebhookSigner fromSecret(String secret) {
        return fromSecrets(List.of(secret == null ? "" : secret));
    }

    /**
     * @param secrets one or more {@code whsec_<base64>}, each signing every message
     * @throws IllegalArgumentException when there is none or one is malformed; the message never contains a secret
     */
    public static WebhookSigner fromSecrets(List<String> secrets) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (String secret : secrets) {
            keys.add(new SecretKeySpec(decode(secret), HMAC));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        return new WebhookSigner(keys);
    }

    private static byte[] decode(String secret) {
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
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the webhook secret must hold at least " + MIN_KEY_BYTES
                    + " bytes (32 base64 characters)");
        }
        return key;
    }

    /** A new random secret of 32 bytes, {@code whsec_<base64>}. */
    public static String generateSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The value of the {@code webhook-signature} header: one {@code v1,<base64>} per secret, space-separated. */
    public String sign(String webhookId, long timestampSeconds, String body) {
        byte[] content = (webhookId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder();
        for (SecretKeySpec key : keys) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(key, content)));
        }
        return header.toString();
    }

    private static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " secret(s) ***]";
    }
}
