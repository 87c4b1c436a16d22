package dev.mediajobs.api.providers;

import dev.mediajobs.api.auth.AuthenticatedTenant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/providers}: what each provider offers, whether it is ready to take jobs, and for operators the
 * limits in force, callbacks, fallbacks and the state of each API key (docs/flow-control/providers-view.md).
 */
@RestController
public class ProvidersController {

    private final ProviderView view;

    public ProvidersController(ProviderView view) {
        this.view = view;
    }

    @GetMapping("/v1/providers")
    public ProviderListResponse list(AuthenticatedTenant tenant) {
        return new ProviderListResponse(view.all());
    }
}
