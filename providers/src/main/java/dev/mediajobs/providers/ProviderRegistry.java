package dev.mediajobs.providers;

import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** All adapters by id, with their settings: which are enabled, configured, and with which keys. */
public class ProviderRegistry {

    private final Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
    private final ProvidersProperties properties;

    public ProviderRegistry(Collection<? extends ProviderAdapter> adapters, ProvidersProperties properties) {
        adapters.forEach(a -> this.adapters.put(a.id(), a));
        this.properties = properties;
    }

    public Collection<ProviderAdapter> all() {
        return adapters.values();
    }

    /** The adapter of an enabled provider. */
    public Optional<ProviderAdapter> find(String providerId) {
        if (providerId == null) {
            return Optional.empty();
        }
        ProviderAdapter adapter = adapters.get(providerId);
        return adapter != null && settings(providerId).isEnabled() ? Optional.of(adapter) : Optional.empty();
    }

    /** The first enabled provider that lists this model. */
    public Optional<ProviderAdapter> findByModel(String model) {
        return adapters.values().stream()
                .filter(a -> settings(a.id()).isEnabled())
                .filter(a -> a.describe().models().contains(model))
                .findFirst();
    }

    public ProviderSettings settings(String providerId) {
        return properties.settingsFor(providerId);
    }

    /** Enabled and holding at least one API key. */
    public boolean isConfigured(String providerId) {
        ProviderSettings s = settings(providerId);
        return adapters.containsKey(providerId) && s.isEnabled() && !s.keysByName().isEmpty();
    }

    /** The credentials stored under a key name, e.g. the key a task was submitted with. */
    public Optional<ProviderCredentials> credentials(String providerId, String keyId) {
        String key = settings(providerId).keysByName().get(keyId);
        return key == null ? Optional.empty() : Optional.of(new ProviderCredentials(keyId, key));
    }

    /**
     * The provider's first configured key. The dispatcher does not submit with it: it takes the keys of the pool in a
     * turn shared by all instances, skipping benched ones (dispatcher-service {@code KeyRotation}).
     */
    public Optional<ProviderCredentials> credentialsForSubmit(String providerId) {
        return settings(providerId).keysByName().entrySet().stream()
                .findFirst()
                .map(e -> new ProviderCredentials(e.getKey(), e.getValue()));
    }
}
