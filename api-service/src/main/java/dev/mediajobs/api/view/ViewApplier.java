package dev.mediajobs.api.view;

import dev.mediajobs.common.Job;
import dev.mediajobs.support.redis.JobViewStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies snapshots to the Redis job view (monotonic: older or duplicate versions are ignored) and counts what
 * changed the view: {@code mediajobs.api.view.applied{state}}.
 */
@Component
public class ViewApplier {

    private static final Logger log = LoggerFactory.getLogger(ViewApplier.class);

    private final JobViewStore view;
    private final MeterRegistry registry;

    public ViewApplier(JobViewStore view, MeterRegistry registry) {
        this.view = view;
        this.registry = registry;
    }

    /** @return true when the snapshot was newer than the view's and replaced it */
    public boolean apply(Job job) {
        if (job.tenant() == null || job.tenant().isBlank()) {
            // the view is per tenant; a snapshot without one could never be read
            log.warn("job {}: snapshot version {} has no tenant; not added to the view", job.id(), job.version());
            return false;
        }
        boolean applied = view.apply(job);
        if (applied) {
            Counter.builder("mediajobs.api.view.applied")
                    .description("Job snapshots that changed the API's job view")
                    .tag("state", job.state().wireName())
                    .register(registry)
                    .increment();
        }
        return applied;
    }
}
