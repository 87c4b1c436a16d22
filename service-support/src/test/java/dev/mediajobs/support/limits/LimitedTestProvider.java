package dev.mediajobs.support.limits;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A provider that is never called: only its documented limits matter to the limiter tests. */
record LimitedTestProvider(String id, Map<String, Integer> documentedLimits) implements ProviderAdapter {

    static ProviderRegistry registry(ProviderAdapter adapter, ProviderSettings settings) {
        ProvidersProperties properties = new ProvidersProperties();
        properties.getProviders().put(adapter.id(), settings);
        return new ProviderRegistry(List.of(adapter), properties);
    }

    @Override
    public ProviderDescriptor describe() {
        return new ProviderDescriptor(id, id, Set.of(Operation.values()), List.of("m"), Map.of(), 1_000, 60,
                documentedLimits, "", false, false);
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return List.of();
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) {
        throw new UnsupportedOperationException("the limiter tests never call a provider");
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) {
        throw new UnsupportedOperationException("the limiter tests never call a provider");
    }
}
