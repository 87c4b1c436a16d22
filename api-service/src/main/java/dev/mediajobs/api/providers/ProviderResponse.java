package dev.mediajobs.api.providers;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderDescriptor;
import java.util.List;
import java.util.Map;

/**
 * One provider as {@code GET /v1/providers} shows it.
 *
 * @param enabled    whether jobs may name it ({@code mediajobs.providers.<id>.enabled})
 * @param configured enabled and holding at least one API key: jobs for it can actually run
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
        boolean configured) {

    static ProviderResponse of(ProviderDescriptor d, boolean enabled, boolean configured) {
        return new ProviderResponse(d.id(), d.displayName(),
                d.operations().stream().sorted().map(Operation::wireName).toList(),
                d.models(), d.constraints(), d.defaultPollIntervalMillis(), d.defaultTimeoutSeconds(), d.limits(),
                d.priceNotes(), d.supportsCancel(), enabled, configured);
    }
}
