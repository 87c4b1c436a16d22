package dev.mediajobs.providers.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code mediajobs.providers.<id>.*}: one {@link ProviderSettings} per provider id. */
@ConfigurationProperties(prefix = "mediajobs")
public class ProvidersProperties {

    private Map<String, ProviderSettings> providers = new LinkedHashMap<>();

    public Map<String, ProviderSettings> getProviders() {
        return providers;
    }

    public void setProviders(Map<String, ProviderSettings> providers) {
        this.providers = providers;
    }

    /** The settings of a provider, or defaults when it is not mentioned in configuration. */
    public ProviderSettings settingsFor(String providerId) {
        return providers.getOrDefault(providerId, new ProviderSettings());
    }
}
