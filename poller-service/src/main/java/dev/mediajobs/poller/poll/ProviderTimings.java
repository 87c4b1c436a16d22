package dev.mediajobs.poller.poll;

import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import java.time.Duration;

/**
 * Poll interval and task timeout of a provider: the configured override ({@code mediajobs.providers.<id>.poll-interval},
 * {@code .task-timeout}) or else the provider's documented default from its descriptor.
 */
public class ProviderTimings {

    /** For a provider this instance does not know (its poll fails the job anyway). */
    static final Duration FALLBACK_INTERVAL = Duration.ofSeconds(5);
    static final Duration FALLBACK_TIMEOUT = Duration.ofHours(1);

    private final ProviderRegistry registry;

    public ProviderTimings(ProviderRegistry registry) {
        this.registry = registry;
    }

    public Duration pollInterval(String providerId) {
        ProviderSettings settings = registry.settings(providerId);
        if (settings.getPollInterval() != null && settings.getPollInterval().isPositive()) {
            return settings.getPollInterval();
        }
        return registry.find(providerId).map(ProviderAdapter::describe)
                .map(d -> d.defaultPollIntervalMillis() > 0 ? Duration.ofMillis(d.defaultPollIntervalMillis()) : FALLBACK_INTERVAL)
                .orElse(FALLBACK_INTERVAL);
    }

    public Duration taskTimeout(String providerId) {
        ProviderSettings settings = registry.settings(providerId);
        if (settings.getTaskTimeout() != null && settings.getTaskTimeout().isPositive()) {
            return settings.getTaskTimeout();
        }
        return registry.find(providerId).map(ProviderAdapter::describe)
                .map(d -> d.defaultTimeoutSeconds() > 0 ? Duration.ofSeconds(d.defaultTimeoutSeconds()) : FALLBACK_TIMEOUT)
                .orElse(FALLBACK_TIMEOUT);
    }

    /** Whether the poll interval is configured: an operator's interval then also decides the first poll. */
    public boolean pollIntervalOverridden(String providerId) {
        Duration i = registry.settings(providerId).getPollInterval();
        return i != null && i.isPositive();
    }

    /** Whether the timeout comes from configuration (named in the timed-out message) or from the descriptor. */
    public boolean timeoutOverridden(String providerId) {
        Duration t = registry.settings(providerId).getTaskTimeout();
        return t != null && t.isPositive();
    }
}
