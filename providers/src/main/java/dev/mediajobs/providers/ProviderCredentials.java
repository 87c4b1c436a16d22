package dev.mediajobs.providers;

import java.util.Objects;

/**
 * One API key of a provider.
 *
 * @param keyId  the configured name of the key, safe to log and to store in a job
 * @param apiKey the secret; never logged, never in a job, never in an error message
 */
public record ProviderCredentials(String keyId, String apiKey) {

    public ProviderCredentials {
        Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public String toString() {
        return "ProviderCredentials[keyId=" + keyId + ", apiKey=***]";
    }
}
