package dev.mediajobs.api.providers;

import java.util.List;

/** {@code GET /v1/providers}: every provider this deployment knows. */
public record ProviderListResponse(List<ProviderResponse> items) {
}
