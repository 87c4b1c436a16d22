package dev.mediajobs.api.auth;

/** The tenant whose API key authenticated the current request; a controller parameter of this type receives it. */
public record AuthenticatedTenant(String id) {
}
