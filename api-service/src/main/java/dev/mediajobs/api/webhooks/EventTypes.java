package dev.mediajobs.api.webhooks;

import dev.mediajobs.common.JobOptions;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event types a webhook can subscribe to. {@code job.queued} and {@code job.storing} are internal steps and are
 * never delivered. Each type happens at most once per job (the lifecycle only moves forward); further events of the
 * same type (progress, a cancel flag) are updates, not transitions, and are not delivered again.
 */
public final class EventTypes {

    public static final String SUBMITTED = "job.submitted";
    public static final String RUNNING = "job.running";
    public static final String SUCCEEDED = "job.succeeded";
    public static final String FAILED = "job.failed";
    public static final String CANCELED = "job.canceled";
    public static final String TIMED_OUT = "job.timed_out";

    /** Every subscribable type, in lifecycle order. */
    public static final List<String> ALL = List.of(SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELED, TIMED_OUT);
    /** What a job's {@code webhookUrl} receives unless its options say otherwise. */
    public static final Set<String> TERMINAL = Set.of(SUCCEEDED, FAILED, CANCELED, TIMED_OUT);
    /** The job option that chooses the events of its {@code webhookUrl}: a list of types. */
    public static final String JOB_OPTION = JobOptions.WEBHOOK_EVENTS;

    private EventTypes() {
    }

    public static boolean isSubscribable(String type) {
        return type != null && ALL.contains(type);
    }

    /**
     * The events a job's {@code webhookUrl} receives: {@code options.webhookEvents} when it is a list (unknown entries
     * ignored, an empty list meaning none), otherwise the terminal events.
     */
    public static Set<String> forJob(Map<String, Object> options) {
        Object chosen = options == null ? null : options.get(JOB_OPTION);
        if (!(chosen instanceof Collection<?> list)) {
            return TERMINAL;
        }
        Set<String> types = new LinkedHashSet<>();
        for (Object entry : list) {
            if (entry instanceof String type && isSubscribable(type)) {
                types.add(type);
            }
        }
        return Set.copyOf(types);
    }
}
