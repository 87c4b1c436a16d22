package dev.mediajobs.api.auth;

import dev.mediajobs.api.callbacks.CallbackController;
import dev.mediajobs.api.problem.ProblemWriter;
import dev.mediajobs.api.problem.Problems;
import dev.mediajobs.common.ErrorCodes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <key>} on every call except the public ones (actuator, the OpenAPI document, and
 * provider callbacks, which carry their own per-task token in the URL and are checked by
 * {@link CallbackController}). Public paths are an allow-list, so a new route is protected unless someone decides
 * otherwise. The key is never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyAuthFilter extends OncePerRequestFilter {

    public static final String TENANT_ATTRIBUTE = ApiKeyAuthFilter.class.getName() + ".tenant";
    public static final String OPENAPI_PATH = "/v1/openapi.yaml";
    private static final String BEARER = "Bearer ";

    private final TenantKeys keys;
    private final ProblemWriter problems;

    public ApiKeyAuthFilter(TenantKeys keys, ProblemWriter problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isPublic(pathOf(request));
    }

    static boolean isPublic(String path) {
        return path.equals("/actuator") || path.startsWith("/actuator/") || path.equals(OPENAPI_PATH)
                || path.startsWith(CallbackController.PATH_PREFIX);
    }

    /** The decoded, normalised path the container routes by (not the raw request URI, which may hide {@code ..}). */
    private static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> tenant = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)).flatMap(keys::authenticate);
        if (tenant.isEmpty()) {
            String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    ? "send an API key: Authorization: Bearer <key>"
                    : "the API key is not valid";
            problems.write(request, response, Problems.create(HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHENTICATED, detail),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
            return;
        }
        request.setAttribute(TENANT_ATTRIBUTE, new AuthenticatedTenant(tenant.get()));
        chain.doFilter(request, response);
    }

    static Optional<String> bearerToken(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
