package dev.mediajobs.poller.metrics;

import dev.mediajobs.poller.poll.PollOutcome;
import dev.mediajobs.poller.schedule.PollSchedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The poller's metrics:
 * <ul>
 *   <li>{@code mediajobs.poller.polls{provider,outcome}}: polls by what they led to;</li>
 *   <li>{@code mediajobs.poller.tasks.inflight}: tasks in the shared due set (all instances);</li>
 *   <li>{@code mediajobs.poller.schedule.lateness}: how long after its due time a task was claimed — grows when the
 *       pollers cannot keep up;</li>
 *   <li>{@code mediajobs.poller.completions{provider,via}}: tasks handed to storage, {@code via=poll} after a poll
 *       found them done, {@code via=submit} when a synchronous provider answered the submit with the outputs.</li>
 * </ul>
 */
public class PollerMetrics {

    public static final String VIA_POLL = "poll";
    public static final String VIA_SUBMIT = "submit";

    private final MeterRegistry registry;
    private final Timer lateness;

    public PollerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lateness = Timer.builder("mediajobs.poller.schedule.lateness")
                .description("Time between a task's due time and its claim by a poller")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void poll(String provider, PollOutcome outcome) {
        Counter.builder("mediajobs.poller.polls")
                .description("Polls of provider tasks, by outcome")
                .tag("provider", provider == null ? "unknown" : provider)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    public void lateness(Duration late) {
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    public void completion(String provider, String via) {
        Counter.builder("mediajobs.poller.completions")
                .description("Provider tasks handed to storage")
                .tag("provider", provider == null ? "unknown" : provider)
                .tag("via", via)
                .register(registry)
                .increment();
    }

    /** Registers the in-flight gauge; NaN while Redis cannot be asked. */
    public void inflightFrom(PollSchedule schedule) {
        Gauge.builder("mediajobs.poller.tasks.inflight", schedule, s -> {
                    try {
                        return s.size();
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                })
                .description("Provider tasks in the poll schedule (all poller instances)")
                .strongReference(true)
                .register(registry);
    }
}
