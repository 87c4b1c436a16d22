package dev.mediajobs.api.callbacks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code mediajobs.callbacks.received{provider,outcome}} (Prometheus {@code mediajobs_callbacks_received_total}):
 * provider callbacks by what became of them. {@code provider} is the job's provider from the API's view, or
 * {@code unknown} (always for a refused callback, whose job id is not to be believed).
 */
public class CallbackMetrics {

    static final String UNKNOWN_PROVIDER = "unknown";

    /** What became of a callback. */
    public enum Outcome {
        /** The token verified and the task's poll is due now (or flagged, when a poller holds it). */
        ACCEPTED,
        /** The token did not verify, callbacks are off, or the body was too large. */
        REJECTED,
        /** The token verified but the poller does not track the task (not yet, or no longer); the flag is left. */
        UNSCHEDULED,
        /** Redis could not take the nudge; answered 503 so the provider retries. */
        UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public CallbackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(String provider, Outcome outcome) {
        Counter.builder("mediajobs.callbacks.received")
                .description("Provider callbacks received, by provider and outcome")
                .tag("provider", provider == null ? UNKNOWN_PROVIDER : provider)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }
}
