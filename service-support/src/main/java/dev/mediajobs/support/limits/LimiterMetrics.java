package dev.mediajobs.support.limits;

import dev.mediajobs.providers.ProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * What the limiter and the provider calls report to Prometheus, tagged by provider and key name (never the key):
 * <ul>
 *   <li>{@code mediajobs_provider_requests_total{provider,key,call,outcome}}: every provider call made, with its
 *       outcome ({@code ok}, {@code rate_limited} for a 429, {@code auth}, {@code credits}, {@code error}, …);</li>
 *   <li>{@code mediajobs_limiter_refusals_total{provider,key,call,reason}}: calls the limiter held back
 *       ({@code rate}, {@code concurrency}, {@code retry_after}, {@code rebuilding});</li>
 *   <li>{@code mediajobs_limiter_wait_seconds{provider,call}}: how long callers were told to wait;</li>
 *   <li>{@code mediajobs_limiter_blocks_total{provider,key}}: Retry-After blocks set after a 429.</li>
 * </ul>
 */
public class LimiterMetrics {

    /** The {@code outcome} of a provider call that got an answer. */
    public static final String OK = "ok";
    /** The {@code outcome} of a call that failed in our own code (a bug), not at the provider. */
    public static final String ERROR = "error";

    private final MeterRegistry registry;

    public LimiterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The {@code outcome} of a call the provider refused: the kind in lower case, e.g. {@code rate_limited}. */
    public static String outcome(ProviderException e) {
        return e.kind().name().toLowerCase(Locale.ROOT);
    }

    /** A provider call was made; {@code outcome} is {@link #OK}, {@link #ERROR} or {@link #outcome}. */
    public void call(LimitScope scope, ProviderCall call, String outcome) {
        Counter.builder("mediajobs.provider.requests")
                .description("Calls made to providers, by provider, key name, call and outcome")
                .tag("provider", scope.provider()).tag("key", scope.keyId())
                .tag("call", call.tag()).tag("outcome", outcome)
                .register(registry).increment();
    }

    void refused(LimitScope scope, ProviderCall call, LimitDecision decision) {
        Counter.builder("mediajobs.limiter.refusals")
                .description("Provider calls the shared limiter held back, by reason")
                .tag("provider", scope.provider()).tag("key", scope.keyId())
                .tag("call", call.tag()).tag("reason", decision.reason())
                .register(registry).increment();
        DistributionSummary.builder("mediajobs.limiter.wait")
                .description("Waits the limiter asked for, in seconds")
                .baseUnit("seconds")
                .tag("provider", scope.provider()).tag("call", call.tag())
                .register(registry).record(decision.waitMillis() / 1000.0);
    }

    void blocked(LimitScope scope, Duration wait) {
        Counter.builder("mediajobs.limiter.blocks")
                .description("Retry-After blocks set after a provider answered 429")
                .tag("provider", scope.provider()).tag("key", scope.keyId())
                .register(registry).increment();
    }
}
