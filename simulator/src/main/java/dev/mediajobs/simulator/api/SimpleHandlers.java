package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

/** The small endpoints: health, and a JSON 404 for everything else. */
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

    static HttpHandler notFound() {
        return exchange -> SafeHandling.run(exchange, () -> {
            throw ApiError.notFound("no such endpoint");
        });
    }
}
