package dev.mediajobs.providers.http;

import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * One adapter's {@link ProviderSettings} with the gaps filled: the documented base URL when none is configured, the
 * default timeouts when a property is set to nothing, and the documented poll interval and task timeout unless
 * configuration overrides them. Every adapter made these same choices by hand; here they are made once.
 */
public final class AdapterSettings {

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final ProviderSettings settings;
    private final String baseUrl;
    private final ProviderHttp http;

    private AdapterSettings(String provider, ProviderSettings settings, String defaultBaseUrl) {
        this.settings = settings == null ? new ProviderSettings() : settings;
        String configured = this.settings.getBaseUrl();
        this.baseUrl = configured == null || configured.isBlank() ? defaultBaseUrl : configured.trim();
        this.http = new ProviderHttp(provider, connectTimeout(), requestTimeout());
    }

    /**
     * @param probePath a path the adapter calls: joined to the base URL once here, because a wrong base URL is a
     *                  configuration error that should fail at startup, not as an IllegalArgumentException per call
     */
    public static AdapterSettings resolve(String provider, ProviderSettings settings, String defaultBaseUrl, String probePath) {
        AdapterSettings resolved = new AdapterSettings(provider, settings, defaultBaseUrl);
        URI.create(ProviderHttp.join(resolved.baseUrl, probePath));
        return resolved;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The HTTP plumbing for this provider, with the configured timeouts. */
    public ProviderHttp http() {
        return http;
    }

    /** Fetches this provider's input files under the given SSRF guard, with the configured timeouts. */
    public InputFiles inputFiles(OutboundPolicy outboundPolicy) {
        return new InputFiles(http.provider(), outboundPolicy, connectTimeout(), requestTimeout());
    }

    public Duration connectTimeout() {
        return settings.getConnectTimeout() != null ? settings.getConnectTimeout() : DEFAULT_CONNECT_TIMEOUT;
    }

    public Duration requestTimeout() {
        return settings.getRequestTimeout() != null ? settings.getRequestTimeout() : DEFAULT_REQUEST_TIMEOUT;
    }

    /** The configured poll interval, else the one the provider's document gives (or the adapter chose). */
    public long pollIntervalMillis(long documentedMillis) {
        return settings.getPollInterval() != null ? settings.getPollInterval().toMillis() : documentedMillis;
    }

    /** The configured task timeout, else the documented one. */
    public long taskTimeoutSeconds(long documentedSeconds) {
        return settings.getTaskTimeout() != null ? settings.getTaskTimeout().toSeconds() : documentedSeconds;
    }
}
