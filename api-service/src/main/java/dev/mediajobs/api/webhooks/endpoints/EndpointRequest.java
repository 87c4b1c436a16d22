package dev.mediajobs.api.webhooks.endpoints;

import java.net.URI;
import java.util.List;

/** A validated {@code POST /v1/webhook-endpoints} body. */
public record EndpointRequest(URI url, List<String> events, String description) {
}
