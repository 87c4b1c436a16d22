package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpHandler;
import dev.mediajobs.simulator.account.ProviderAccount;
import java.util.Map;

/** The small endpoints: health, the account's counters, and a JSON 404 for everything else. */
final class SimpleHandlers {

    private SimpleHandlers() {
    }

    static HttpHandler health() {
        return exchange -> SafeHandling.run(exchange, () -> {
            if (!exchange.getRequestURI().getPath().equals("/health")) {
                throw ApiError.notFound("no such endpoint");
            }
            Exchanges.sendJson(exchange, 200, Map.of("status", "ok"));
        });
    }

    /**
     * {@code GET /simulator/stats}: the account's counters (calls, 429s, most calls in a minute, most unfinished tasks,
     * overlapping polls) as JSON. Not part of a provider's API, so no key is needed.
     */
    static HttpHandler stats(ProviderAccount account) {
        return exchange -> SafeHandling.run(exchange, () -> {
            if (!exchange.getRequestURI().getPath().equals("/simulator/stats")) {
                throw ApiError.notFound("no such endpoint");
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                throw ApiError.methodNotAllowed(exchange.getRequestMethod());
            }
            Exchanges.sendJson(exchange, 200, account.stats());
        });
    }

    static HttpHandler notFound() {
        return exchange -> SafeHandling.run(exchange, () -> {
            throw ApiError.notFound("no such endpoint");
        });
    }
}
