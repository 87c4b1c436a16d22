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
    /** Overrides the provider's documented limits, each counted per API key. */
    private Limits limits = new Limits();
    /** Providers to try, in order, when this one refuses a job for a reason another provider may not have. */
    private java.util.List<String> fallbacks = new java.util.ArrayList<>();

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
    public Limits getLimits() { return limits; }
    public void setLimits(Limits limits) { this.limits = limits == null ? new Limits() : limits; }
    public java.util.List<String> getFallbacks() { return fallbacks; }
    public void setFallbacks(java.util.List<String> fallbacks) { this.fallbacks = fallbacks == null ? new java.util.ArrayList<>() : fallbacks; }

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

    /**
     * {@code mediajobs.providers.<id>.limits.*}: each unset value falls back to the provider's documented default
     * ({@link dev.mediajobs.providers.ProviderDescriptor#limits()} under the same camel-case name); 0 means unlimited.
     */
    public static class Limits {
        /** Every call (submit, poll, cancel, look-up) per API key over any sliding minute. */
        private Integer requestsPerMinute;
        /** Submits per API key over any sliding minute. */
        private Integer submitsPerMinute;
        /** Status calls per API key over any sliding minute. */
        private Integer pollsPerMinute;
        /** Tasks in flight per API key at once. */
        private Integer maxConcurrentTasks;

        public Integer getRequestsPerMinute() { return requestsPerMinute; }
        public void setRequestsPerMinute(Integer requestsPerMinute) { this.requestsPerMinute = requestsPerMinute; }
        public Integer getSubmitsPerMinute() { return submitsPerMinute; }
        public void setSubmitsPerMinute(Integer submitsPerMinute) { this.submitsPerMinute = submitsPerMinute; }
        public Integer getPollsPerMinute() { return pollsPerMinute; }
        public void setPollsPerMinute(Integer pollsPerMinute) { this.pollsPerMinute = pollsPerMinute; }
        public Integer getMaxConcurrentTasks() { return maxConcurrentTasks; }
        public void setMaxConcurrentTasks(Integer maxConcurrentTasks) { this.maxConcurrentTasks = maxConcurrentTasks; }
    }
}
