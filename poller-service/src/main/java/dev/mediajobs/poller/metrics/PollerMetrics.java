package dev.mediajobs.poller.metrics;

import dev.mediajobs.poller.poll.PollOutcome;
import dev.mediajobs.poller.schedule.PollSchedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;

/**
 * The poller's metrics (Prometheus names in docs/flow-control/polling.md):
 * <ul>
 *   <li>{@code mediajobs.poller.polls{provider,outcome}}: claimed tasks by what their poll led to (a deferral is not
 *       a poll: no request was made);</li>
 *   <li>{@code mediajobs.poller.deferred{provider,call,reason}}: polls ({@code call=poll}) and cancels
 *       ({@code call=other}) the shared limiter held back, by its reason ({@code rate}, {@code retry_after});</li>
 *   <li>{@code mediajobs.poller.tasks.inflight{provider}}: tasks at each provider right now (all instances), from the
 *       counts the schedule keeps in Redis;</li>
 *   <li>{@code mediajobs.poller.job.polls{provider}}: status calls it took to see a task through, recorded when the
 *       poller ends its part (storing, failed, canceled, timed out);</li>
 *   <li>{@code mediajobs.poller.schedule.lateness}: how long after its due time a task was claimed — grows when the
 *       pollers cannot keep up;</li>
 *   <li>{@code mediajobs.poller.completions{provider,via}}: tasks handed to storage, {@code via=poll} after a
 *       scheduled poll found them done, {@code via=callback} when the poll that found them done was one a provider's
 *       callback asked for, {@code via=submit} when a synchronous provider answered the submit with the outputs.</li>
 * </ul>
 * Provider calls themselves (with their outcome, per key) are counted by the shared
 * {@link dev.mediajobs.support.limits.LimiterMetrics}.
 */
public class PollerMetrics {

    public static final String VIA_POLL = "poll";
    public static final String VIA_CALLBACK = "callback";
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
                .tag("provider", orUnknown(provider))
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    /** The limiter held a call back; {@code call} is {@code poll} or {@code other} (a cancel). */
    public void deferred(String provider, String call, String reason) {
        Counter.builder("mediajobs.poller.deferred")
                .description("Provider calls of the poller that the shared limiter deferred, by reason")
                .tag("provider", orUnknown(provider))
                .tag("call", call)
                .tag("reason", reason == null ? "unknown" : reason)
                .register(registry)
                .increment();
    }

    /** The poller ended its part of a task that took {@code polls} status calls. */
    public void pollsPerJob(String provider, int polls) {
        DistributionSummary.builder("mediajobs.poller.job.polls")
                .description("Status calls per provider task, recorded when the poller ends its part")
                .tag("provider", orUnknown(provider))
                .serviceLevelObjectives(1, 2, 3, 5, 10, 20, 50, 100, 200)
                .register(registry)
                .record(Math.max(0, polls));
    }

    public void lateness(Duration late) {
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    public void completion(String provider, String via) {
        Counter.builder("mediajobs.poller.completions")
                .description("Provider tasks handed to storage")
                .tag("provider", orUnknown(provider))
                .tag("via", via)
                .register(registry)
                .increment();
    }

    /** Registers one in-flight gauge per provider; NaN while Redis cannot be asked. */
    public void inflightFrom(PollSchedule schedule, Collection<String> providers) {
        for (String provider : providers) {
            Gauge.builder("mediajobs.poller.tasks.inflight", schedule, s -> {
                        try {
                            return s.inFlight(provider);
                        } catch (RuntimeException e) {
                            return Double.NaN;
                        }
                    })
                    .description("Provider tasks in flight (all poller instances), by provider")
                    .tag("provider", provider)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static String orUnknown(String provider) {
        return provider == null ? "unknown" : provider;
    }
}
