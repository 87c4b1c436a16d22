package dev.mediajobs.common;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of a job's fallback chain ({@link JobOptions#FALLBACKS}): the provider to try when the ones before it
 * refused the job for a reason another provider may not have (out of credits, key revoked, unavailable).
 *
 * @param provider the provider id, e.g. {@code openai}
 * @param model    the model to ask that provider for, or null for the provider's own choice
 */
public record FallbackTarget(String provider, String model) {

    /** The object form's fields: {@code {"provider": "openai", "model": "dall-e-3"}}. */
    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";

    /**
     * Reads one entry as it appears in a job's options: a provider id, or an object with {@code provider} and an
     * optional {@code model}. Empty for anything else (the validator names such entries; the dispatcher skips them).
     */
    public static Optional<FallbackTarget> parse(Object entry) {
        if (entry instanceof String provider) {
            return provider.isBlank() ? Optional.empty() : Optional.of(new FallbackTarget(provider, null));
        }
        if (entry instanceof Map<?, ?> object && object.get(PROVIDER) instanceof String provider && !provider.isBlank()
                && object.keySet().stream().allMatch(k -> PROVIDER.equals(k) || MODEL.equals(k))) {
            Object model = object.get(MODEL);
            if (model == null) {
                return Optional.of(new FallbackTarget(provider, null));
            }
            return model instanceof String m && !m.isBlank() ? Optional.of(new FallbackTarget(provider, m)) : Optional.empty();
        }
        return Optional.empty();
    }
}
