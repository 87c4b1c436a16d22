package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading requests and writing JSON answers on a {@link HttpExchange}. */
final class Exchanges {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int CHUNK_BYTES = 64 * 1024;

    private Exchanges() {
    }

    static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw ApiError.payloadTooLarge(MAX_BODY_BYTES);
            }
            return body;
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, JsonCodec.toBytes(body));
    }

    static void sendError(HttpExchange exchange, ApiError error) throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", error.code());
        details.put("message", error.getMessage());
        if (error.field() != null) {
            details.put("field", error.field());
        }
        if (error.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        sendJson(exchange, error.status(), Map.of("error", details));
    }

    /** Writes the bytes in chunks with a Content-Length; a HEAD request gets the headers only. */
    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        // 0 would mean "chunked" to the JDK server, -1 means "no body"
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int offset = 0; offset < body.length; offset += CHUNK_BYTES) {
                out.write(body, offset, Math.min(CHUNK_BYTES, body.length - offset));
            }
        }
    }

    /** The first value of a query parameter, URL-decoded. */
    static Optional<String> queryParam(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            if (decode(nameAndValue[0]).equals(name)) {
                return Optional.of(nameAndValue.length == 2 ? decode(nameAndValue[1]) : "");
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
