package dev.mediajobs.dispatcher;

import dev.mediajobs.common.FallbackTarget;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobOptions;
import dev.mediajobs.providers.ProviderRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers a job may be submitted to, in order: its own provider, then the entries of its {@code fallbacks}
 * option, then the fallbacks configured for its provider ({@code mediajobs.providers.<id>.fallbacks}). Each provider
 * appears once (the first mention wins), so a chain can never loop.
 */
final class FallbackChain {

    /**
     * @param model the model to ask for: the job's own for its provider, an entry's model, or null for the fallback
     *              provider's choice ({@link dev.mediajobs.providers.validation.FallbackRequests#fit})
     */
    record Entry(String provider, String model) {
    }

    private FallbackChain() {
    }

    static List<Entry> of(Job job, ProviderRegistry registry) {
        Map<String, Entry> chain = new LinkedHashMap<>();
        chain.put(job.provider(), new Entry(job.provider(), job.model()));
        for (FallbackTarget target : JobOptions.fallbacks(job.options())) {
            chain.putIfAbsent(target.provider(), new Entry(target.provider(), target.model()));
        }
        for (String provider : registry.settings(job.provider()).getFallbacks()) {
            if (provider != null && !provider.isBlank()) {
                chain.putIfAbsent(provider.trim(), new Entry(provider.trim(), null));
            }
        }
        return new ArrayList<>(chain.values());
    }

    static int indexOf(List<Entry> chain, String provider) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).provider().equals(provider)) {
                return i;
            }
        }
        return -1;
    }
}
