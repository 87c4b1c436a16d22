package dev.mediajobs.api.providers;

import dev.mediajobs.api.auth.AuthenticatedTenant;
import dev.mediajobs.providers.ProviderRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/providers}: what each provider offers and whether it is ready to take jobs. */
@RestController
public class ProvidersController {

    private final ProviderRegistry registry;

    public ProvidersController(ProviderRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/v1/providers")
    public ProviderListResponse list(AuthenticatedTenant tenant) {
        return new ProviderListResponse(registry.all().stream()
                .map(a -> ProviderResponse.of(a.describe(), registry.settings(a.id()).isEnabled(),
                        registry.isConfigured(a.id())))
                .toList());
    }
}
