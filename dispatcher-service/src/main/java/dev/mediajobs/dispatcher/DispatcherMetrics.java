package dev.mediajobs.dispatcher;

import dev.mediajobs.providers.ProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The dispatcher's meters.
 * <ul>
 *   <li>{@code mediajobs.dispatcher.requests.rejected{reason}}: request records skipped without any transition
 *       (unreadable JSON, tombstone, unknown type, missing tenant, bad job id of a cancel).</li>
 *   <li>{@code mediajobs.dispatcher.submits{provider,outcome}}: what became of each submit request, e.g.
 *       {@code submitted}, {@code reconciled}, {@code duplicate}, {@code invalid}, {@code canceled},
 *       {@code not_configured}, {@code unreconciled}, {@code failed}, {@code gave_up}.</li>
 *   <li>{@code mediajobs.dispatcher.submit.duration{provider}}: every call of a provider's submit, so its count is
 *       the number of (possibly paid) submit calls.</li>
 *   <li>{@code mediajobs.dispatcher.submit.retries{provider,reason}}: submit attempts repeated after a rate limit or
 *       transient failure.</li>
 * </ul>
 */
public class DispatcherMetrics {

    private final MeterRegistry registry;

    public DispatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void rejected(String reason) {
        Counter.builder("mediajobs.dispatcher.requests.rejected")
                .description("Request records skipped without a transition")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void outcome(String provider, String outcome) {
        Counter.builder("mediajobs.dispatcher.submits")
                .description("Submit requests by what became of them")
                .tag("provider", tag(provider))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    public Timer submitTimer(String provider) {
        return Timer.builder("mediajobs.dispatcher.submit.duration")
                .description("Duration of provider submit calls")
                .tag("provider", tag(provider))
                .register(registry);
    }

    public void retry(String provider, ProviderException.Kind reason) {
        Counter.builder("mediajobs.dispatcher.submit.retries")
                .description("Provider calls repeated after a rate limit or transient failure")
                .tag("provider", tag(provider))
                .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }

    private static String tag(String value) {
        return value == null ? "unknown" : value;
    }
}
