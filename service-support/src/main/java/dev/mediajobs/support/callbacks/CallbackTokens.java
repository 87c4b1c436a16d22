package dev.mediajobs.support.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The unguessable per-task token in a callback URL: HMAC-SHA256 of the job id under a secret only mediajobs knows.
 * Deriving it (instead of storing a random one) means nothing needs to survive in Redis for a callback to be checked,
 * and a token for one job says nothing about any other.
 */
public class CallbackTokens {

    static final int MIN_SECRET_LENGTH = 32;

    private final String publicBaseUrl;
    private final byte[] secret;

    public CallbackTokens(CallbackProperties properties) {
        String base = properties.getPublicBaseUrl() == null ? "" : properties.getPublicBaseUrl().trim();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String s = properties.getSecret() == null ? "" : properties.getSecret();
        if (!publicBaseUrl.isEmpty() && s.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("mediajobs.callbacks.secret must be at least " + MIN_SECRET_LENGTH
                    + " characters when mediajobs.callbacks.public-base-url is set (environment "
                    + "MEDIAJOBS_CALLBACKS_SECRET); it signs the callback URLs given to providers");
        }
        this.secret = s.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether callback URLs are handed to providers at all. */
    public boolean enabled() {
        return !publicBaseUrl.isEmpty();
    }

    /** {@code <public-base-url>/v1/callbacks/<jobId>/<token>}, or empty when callbacks are off. */
    public Optional<String> callbackUrl(String jobId) {
        return enabled() ? Optional.of(publicBaseUrl + "/v1/callbacks/" + jobId + "/" + token(jobId)) : Optional.empty();
    }

    /** Whether {@code token} is the job's token (constant-time comparison). False whenever callbacks are off. */
    public boolean verify(String jobId, String token) {
        if (!enabled() || jobId == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(token(jobId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    String token(String jobId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(("mediajobs-callback:" + jobId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
