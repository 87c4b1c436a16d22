package dev.mediajobs.api.providers;

import java.util.List;
import java.util.Map;

/**
 * One provider as {@code GET /v1/providers} shows it. Fields are only ever added, so clients of older versions keep
 * working.
 *
 * @param limits       the effective limits under the shared limiter's names ({@code requestsPerMinute},
 *                     {@code submitsPerMinute}, {@code pollsPerMinute}, {@code maxConcurrentTasks}; 0 = unlimited, each
 *                     counted per API key), plus any other figure the provider documents
 * @param limitSources where each of the four came from: {@code configured}, {@code documented}, {@code unlimited}
 *                     (neither), or {@code disabled} ({@code mediajobs.limits.enabled=false})
 * @param enabled      whether jobs may name it ({@code mediajobs.providers.<id>.enabled})
 * @param configured   enabled and holding at least one API key: jobs for it can actually run
 * @param callbacks    whether the provider can call back, and whether this deployment has it do so
 * @param fallbacks    the configured fallback chain ({@code mediajobs.providers.<id>.fallbacks})
 * @param keys         the key pool by key name (never the key), with each key's state in the shared limiter
 */
public record ProviderResponse(
        String id,
        String displayName,
        List<String> operations,
        List<String> models,
        Map<String, String> constraints,
        long defaultPollIntervalMillis,
        long defaultTimeoutSeconds,
        Map<String, Integer> limits,
        String priceNotes,
        boolean supportsCancel,
        boolean enabled,
        boolean configured,
        Map<String, String> limitSources,
        Callbacks callbacks,
        List<String> fallbacks,
        List<KeyStatus> keys) {

    /**
     * @param supported whether the provider accepts a callback URL with a task
     * @param enabled   supported and callbacks are configured ({@code mediajobs.callbacks.public-base-url}): its tasks
     *                  are given a callback URL, and a callback makes their poll due at once
     */
    public record Callbacks(boolean supported, boolean enabled) {
    }
}
