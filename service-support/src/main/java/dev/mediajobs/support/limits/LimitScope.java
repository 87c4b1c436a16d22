package dev.mediajobs.support.limits;

import java.util.Objects;

/**
 * What a provider counts its limits against: one account, i.e. one API key of one provider. Every budget, concurrency
 * slot and Retry-After block is kept per scope, shared by every instance through Redis.
 *
 * @param provider the provider id, e.g. {@code runware}
 * @param keyId    the configured name of the API key (never the key itself), e.g. {@code default}
 */
public record LimitScope(String provider, String keyId) {

    public LimitScope {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(keyId, "keyId");
    }

    /** The part of a Redis key naming this scope. */
    String redisTag() {
        return provider + ":" + keyId;
    }

    @Override
    public String toString() {
        return provider + "/" + keyId;
    }
}
