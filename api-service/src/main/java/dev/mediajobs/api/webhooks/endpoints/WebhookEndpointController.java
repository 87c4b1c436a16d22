package dev.mediajobs.api.webhooks.endpoints;

import dev.mediajobs.api.auth.AuthenticatedTenant;
import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.providers.outbound.BlockedUrlException;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/webhook-endpoints}: a tenant's endpoints that receive the events of all its jobs. The URL must pass the
 * outbound policy (no private, loopback or metadata addresses) when it is registered, and again at every delivery.
 */
@RestController
@RequestMapping("/v1/webhook-endpoints")
public class WebhookEndpointController {

    private final WebhookEndpointRegistry registry;
    private final OutboundPolicy policy;
    private final int maxPerTenant;

    public WebhookEndpointController(WebhookEndpointRegistry registry, OutboundPolicy policy,
                                     dev.mediajobs.api.config.WebhookProperties properties) {
        this.registry = registry;
        this.policy = policy;
        this.maxPerTenant = properties.getMaxEndpointsPerTenant();
    }

    /** 201 with the endpoint and its signing secret, which is shown only here. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<EndpointResponse> register(AuthenticatedTenant tenant, HttpServletRequest request)
            throws IOException {
        EndpointRequest body = EndpointRequestReader.read(readBounded(request.getInputStream()));
        try {
            policy.check(body.url());
        } catch (BlockedUrlException e) {
            throw EndpointRequestReader.invalid("url", ErrorCodes.FIELD_INVALID, "url " + e.getMessage());
        }
        requireLoaded();
        if (registry.forTenant(tenant.id()).size() >= maxPerTenant) {
            throw ApiProblem.conflict("too_many_webhook_endpoints",
                    "a tenant may register at most " + maxPerTenant + " webhook endpoints; delete one first");
        }
        WebhookEndpoint endpoint;
        try {
            endpoint = registry.register(tenant.id(), body.url().toString(), body.events(), body.description());
        } catch (WebhookEndpointRegistry.EndpointStoreException e) {
            throw ApiProblem.unavailable("the webhook endpoint could not be stored; retry later");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/webhook-endpoints/" + endpoint.id()))
                .body(EndpointResponse.withSecret(endpoint));
    }

    @GetMapping
    public EndpointResponse.Page list(AuthenticatedTenant tenant) {
        requireLoaded();
        return new EndpointResponse.Page(registry.forTenant(tenant.id()).stream().map(EndpointResponse::of).toList());
    }

    @GetMapping("/{id}")
    public EndpointResponse get(AuthenticatedTenant tenant, @PathVariable String id) {
        requireLoaded();
        return registry.find(id).filter(e -> tenant.id().equals(e.tenant())).map(EndpointResponse::of)
                .orElseThrow(() -> ApiProblem.notFound("no such webhook endpoint"));
    }

    /** 204; deliveries still pending to it stop at their next attempt. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String id) {
        requireLoaded();
        boolean deleted;
        try {
            deleted = registry.delete(tenant.id(), id);
        } catch (WebhookEndpointRegistry.EndpointStoreException e) {
            throw ApiProblem.unavailable("the webhook endpoint could not be deleted; retry later");
        }
        if (!deleted) {
            throw ApiProblem.notFound("no such webhook endpoint");
        }
        return ResponseEntity.noContent().build();
    }

    private void requireLoaded() {
        if (!registry.isLoaded()) {
            throw ApiProblem.unavailable("webhook endpoints are still loading; retry in a few seconds");
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(EndpointRequestReader.MAX_BYTES + 1);
        if (bytes.length > EndpointRequestReader.MAX_BYTES) {
            throw ApiProblem.payloadTooLarge(EndpointRequestReader.MAX_BYTES);
        }
        return bytes;
    }
}
