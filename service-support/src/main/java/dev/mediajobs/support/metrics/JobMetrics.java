package dev.mediajobs.support.metrics;

import dev.mediajobs.common.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Job metrics every service exports on {@code /actuator/prometheus}:
 * <ul>
 *   <li>{@code mediajobs_job_transitions_total{provider,operation,state,service}}: transitions this service published;
 *       summed over services, the number of jobs that reached each state.</li>
 *   <li>{@code mediajobs_job_duration_seconds{provider,operation,state}}: creation to terminal state, recorded by the
 *       service that ended the job.</li>
 * </ul>
 */
public class JobMetrics {

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void transitionPublished(Job job, String service) {
        Counter.builder("mediajobs.job.transitions")
                .description("Job transitions published, by the state reached")
                .tag("provider", tag(job.provider()))
                .tag("operation", job.operation() == null ? "unknown" : job.operation().wireName())
                .tag("state", job.state().wireName())
                .tag("service", service)
                .register(registry)
                .increment();
        if (job.state().isTerminal() && job.createdAt() != null && job.completedAt() != null) {
            Timer.builder("mediajobs.job.duration")
                    .description("Time from job creation to its terminal state")
                    .tag("provider", tag(job.provider()))
                    .tag("operation", job.operation() == null ? "unknown" : job.operation().wireName())
                    .tag("state", job.state().wireName())
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.between(job.createdAt(), job.completedAt()));
        }
    }

    private static String tag(String value) {
        return value == null ? "unknown" : value;
    }
}
