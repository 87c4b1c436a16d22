package dev.mediajobs.providers;

import dev.mediajobs.common.Operation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a provider offers, as served by {@code GET /v1/providers}.
 *
 * @param defaultPollIntervalMillis how often to poll a running task
 * @param defaultTimeoutSeconds     after how long a task is given up as {@code timed_out}
 * @param constraints               human- and machine-readable parameter constraints, by field
 * @param limits                    documented rate limits, e.g. {@code requestsPerMinute → 60}
 * @param supportsClientTaskId      whether a task can be found again by the id we chose at submit
 */
public record ProviderDescriptor(
        String id,
        String displayName,
        Set<Operation> operations,
        List<String> models,
        Map<String, String> constraints,
        long defaultPollIntervalMillis,
        long defaultTimeoutSeconds,
        Map<String, Integer> limits,
        String priceNotes,
        boolean supportsCancel,
        boolean supportsClientTaskId) {
}
