package dev.mediajobs.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The job's own fallback chain: a list whose entries are provider ids or {@code {"provider", "model"}} objects
     * ({@link FallbackTarget}), tried in order after the job's provider when it refuses for a reason another provider
     * may not have. Tried before the chain configured for the provider ({@code mediajobs.providers.<id>.fallbacks}).
     */
    public static final String FALLBACKS = "fallbacks";

    private static final Set<String> RESERVED = Set.of(WEBHOOK_EVENTS, FALLBACKS);

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

    /** The job's fallback chain ({@link #FALLBACKS}) in order; entries that cannot be read are left out. */
    public static List<FallbackTarget> fallbacks(Map<String, Object> options) {
        if (options == null || !(options.get(FALLBACKS) instanceof List<?> entries)) {
            return List.of();
        }
        List<FallbackTarget> targets = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            FallbackTarget.parse(entry).ifPresent(targets::add);
        }
        return List.copyOf(targets);
    }
}
