package dev.mediajobs.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Options that belong to mediajobs itself rather than to the provider. They travel in a job's {@code options} like
 * provider fields, but are removed before a provider adapter validates or submits the request.
 */
public final class JobOptions {

    /** A list of event types (e.g. {@code job.running}) the job's {@code webhookUrl} receives; terminal ones if absent. */
    public static final String WEBHOOK_EVENTS = "webhookEvents";

    /** Event types a webhook subscription may name. */
    public static final Set<String> SUBSCRIBABLE_EVENTS = Set.of("job.submitted", "job.running", "job.succeeded",
            "job.failed", "job.canceled", "job.timed_out");

    private static final Set<String> RESERVED = Set.of(WEBHOOK_EVENTS);

    private JobOptions() {
    }

    /** The options a provider adapter sees. */
    public static Map<String, Object> forProvider(Map<String, Object> options) {
        if (options == null || options.keySet().stream().noneMatch(RESERVED::contains)) {
            return options == null ? Map.of() : options;
        }
        Map<String, Object> providerOptions = new LinkedHashMap<>(options);
        providerOptions.keySet().removeAll(RESERVED);
        return providerOptions;
    }
}
