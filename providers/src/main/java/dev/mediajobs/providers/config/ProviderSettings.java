package dev.mediajobs.providers.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one provider: {@code mediajobs.providers.<id>.*} (env {@code MEDIAJOBS_PROVIDERS_<ID>_BASEURL},
 * {@code _APIKEY}, …).
 */
public class ProviderSettings {

    /** Whether the provider may be used at all. */
    private boolean enabled = true;
    /** The provider's API root; defaults to the documented one. */
    private String baseUrl;
    /** The API key (a single-key pool named {@code default}). */
    private String apiKey;
    /** More keys by name, for key pools: {@code mediajobs.providers.<id>.api-keys.<name>=...}. */
    private Map<String, String> apiKeys = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);
    /** Overrides the provider's documented poll interval. */
    private Duration pollInterval;
    /** Overrides the provider's documented task timeout. */
    private Duration taskTimeout;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public Map<String, String> getApiKeys() { return apiKeys; }
    public void setApiKeys(Map<String, String> apiKeys) { this.apiKeys = apiKeys; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration getTaskTimeout() { return taskTimeout; }
    public void setTaskTimeout(Duration taskTimeout) { this.taskTimeout = taskTimeout; }

    /** All configured keys by name: {@code api-key} as {@code default}, then {@code api-keys}. Blank keys are skipped. */
    public Map<String, String> keysByName() {
        Map<String, String> keys = new LinkedHashMap<>();
        if (apiKey != null && !apiKey.isBlank()) {
            keys.put("default", apiKey);
        }
        apiKeys.forEach((name, key) -> {
            if (key != null && !key.isBlank()) {
                keys.put(name, key);
            }
        });
        return keys;
    }

    @Override
    public String toString() {
        return "ProviderSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", keys=" + keysByName().keySet() + "]";
    }
}
