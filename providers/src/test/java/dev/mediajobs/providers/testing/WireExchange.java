package dev.mediajobs.providers.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One request to a wire fake, its body already read, and the means to answer it. */
public final class WireExchange {

    /** Answers an error in the provider's shape, e.g. {@code {"detail": message}}. */
    @FunctionalInterface
    public interface ErrorAnswer {
        void send(WireExchange exchange, int status, String message) throws IOException;
    }

    private final HttpExchange exchange;
    private final String method;
    private final String path;
    private final byte[] body;

    WireExchange(HttpExchange exchange, String method, String path, byte[] body) {
        this.exchange = exchange;
        this.method = method;
        this.path = path;
        this.body = body;
    }

    public String method() {
        return method;
    }

    /** The full path, e.g. {@code /v1/tasks/abc}. */
    public String path() {
        return path;
    }

    /** The raw query string, e.g. {@code taskId=abc}, or null when there is none. */
    public String query() {
        return exchange.getRequestURI().getRawQuery();
    }

    /** The first value of a request header (names are case-insensitive), or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public byte[] body() {
        return body;
    }

    /** The body as JSON, or empty when it is not JSON. */
    public Optional<JsonNode> json() {
        try {
            return Optional.ofNullable(JsonCodec.mapper().readTree(body));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    /**
     * The body of a request a strict provider takes: Content-Type exactly {@code application/json}, a JSON body, and
     * nothing {@code problemWith} finds in it. Otherwise the request gets a 400 with the reason, and this is empty.
     */
    public Optional<JsonNode> strictJsonBody(Function<JsonNode, String> problemWith, ErrorAnswer refuse) throws IOException {
        if (!"application/json".equals(header("Content-Type"))) {
            refuse.send(this, 400, "Content-Type must be application/json");
            return Optional.empty();
        }
        Optional<JsonNode> json = json();
        if (json.isEmpty()) {
            refuse.send(this, 400, "Invalid JSON");
            return Optional.empty();
        }
        String problem = problemWith.apply(json.get());
        if (problem != null) {
            refuse.send(this, 400, problem);
            return Optional.empty();
        }
        return json;
    }

    /** Sets a response header to send with the answer, e.g. a provider's own result header. */
    public void setResponseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** Answers with {@code application/json}. */
    public void sendJson(int status, Object json) throws IOException {
        send(status, "application/json", JsonCodec.toBytes(json));
    }

    public void send(int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
