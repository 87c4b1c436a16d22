package dev.mediajobs.dispatcher;

import dev.mediajobs.providers.ProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

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
 *   <li>{@code mediajobs.dispatcher.fallbacks{from,to,reason}}: jobs handed to the next provider of their fallback
 *       chain, and why the one before did not take them ({@code credits}, {@code auth}, {@code transient},
 *       {@code rate_limited}, {@code not_configured}, {@code not_enabled}, {@code unfit}).</li>
 *   <li>{@code mediajobs.dispatcher.keys.benched{provider,key,reason}}: API keys taken out of their pool after the
 *       provider refused them ({@code auth}, {@code credits}); key names only.</li>
 *   <li>{@code mediajobs.dispatcher.limiter.wait{provider}}: per delivery of a job's request, the time it waited for
 *       the shared limiter before its provider calls.</li>
 *   <li>{@code mediajobs.dispatcher.limiter.redeliveries{provider}}: deliveries that waited the whole
 *       {@code max-limiter-wait} and were handed back to Kafka to wait on.</li>
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

    public void fallback(String from, String to, String reason) {
        Counter.builder("mediajobs.dispatcher.fallbacks")
                .description("Jobs handed to the next provider of their fallback chain")
                .tag("from", tag(from))
                .tag("to", tag(to))
                .tag("reason", tag(reason))
                .register(registry)
                .increment();
    }

    public void keyBenched(String provider, String keyId, String reason) {
        Counter.builder("mediajobs.dispatcher.keys.benched")
                .description("API keys taken out of their pool after the provider refused them")
                .tag("provider", tag(provider))
                .tag("key", tag(keyId))
                .tag("reason", tag(reason))
                .register(registry)
                .increment();
    }

    public void limiterWait(String provider, Duration waited) {
        Timer.builder("mediajobs.dispatcher.limiter.wait")
                .description("Time a job's request waited for the shared limiter, per delivery")
                .tag("provider", tag(provider))
                .register(registry)
                .record(waited);
    }

    public void limiterRedelivery(String provider) {
        Counter.builder("mediajobs.dispatcher.limiter.redeliveries")
                .description("Requests handed back to Kafka after waiting max-limiter-wait for the limiter")
                .tag("provider", tag(provider))
                .register(registry)
                .increment();
    }

    private static String tag(String value) {
        return value == null ? "unknown" : value;
    }
}
