package dev.mediajobs.providers.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny HTTP fake for the answers a real provider (or the simulator) will not give on demand: 5xx, garbage, echoed
 * keys. Each scenario gets its own base URL, {@code http://127.0.0.1:<port>/<name>}, under which every request gets
 * the scenario's answer whatever the path, so an adapter pointed at that base URL meets it on submit and poll alike.
 * Requests are recorded, so tests can also check what an adapter sent.
 *
 * <pre>{@code
 * try (CannedHttpServer fake = CannedHttpServer.start()) {
 *     String baseUrl = fake.baseUrlAnswering("outage", CannedResponse.json(503, "{\"error\":\"down\"}"));
 *     ProviderAdapter adapter = adapterAt(baseUrl);
 * }
 * }</pre>
 */
public final class CannedHttpServer implements AutoCloseable {

    /** An answer: status, headers and body. */
    public record CannedResponse(int status, Map<String, String> headers, byte[] body) {

        public static CannedResponse json(int status, String json) {
            return new CannedResponse(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        public static CannedResponse text(int status, String text) {
            return new CannedResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
        }

        public CannedResponse withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new CannedResponse(status, Map.copyOf(more), body);
        }
    }

    /**
     * A request as received.
     *
     * @param path the path below the scenario's base URL, e.g. {@code /v1/tasks/abc}
     */
    public record RecordedRequest(String scenario, String method, String path, String query, Map<String, List<String>> headers,
                                  byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Function<RecordedRequest, CannedResponse>> scenarios = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private CannedHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on 127.0.0.1 at a random free port. */
    public static CannedHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "canned-http");
                thread.setDaemon(true);
                return thread;
            });
            CannedHttpServer canned = new CannedHttpServer(server, executor);
            server.createContext("/", canned::handle);
            server.setExecutor(executor);
            server.start();
            return canned;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every request below the returned base URL gets this answer. */
    public String baseUrlAnswering(String scenario, CannedResponse response) {
        return baseUrlAnswering(scenario, request -> response);
    }

    /** Every request below the returned base URL gets the answer the responder picks (e.g. by method and path). */
    public String baseUrlAnswering(String scenario, Function<RecordedRequest, CannedResponse> responder) {
        if (!scenario.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("scenario names go into a URL path: letters, digits, . _ - only");
        }
        scenarios.put(scenario, responder);
        return baseUrl() + "/" + scenario;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** All requests received, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(String scenario) {
        return requests.stream().filter(r -> r.scenario().equals(scenario)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String fullPath = exchange.getRequestURI().getPath();
            int slash = fullPath.indexOf('/', 1);
            String scenario = slash < 0 ? fullPath.substring(1) : fullPath.substring(1, slash);
            String path = slash < 0 ? "/" : fullPath.substring(slash);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            RecordedRequest request = new RecordedRequest(scenario, exchange.getRequestMethod(), path,
                    exchange.getRequestURI().getRawQuery(), copy(exchange.getRequestHeaders()), body);
            requests.add(request);
            Function<RecordedRequest, CannedResponse> responder = scenarios.get(scenario);
            CannedResponse response = responder != null ? responder.apply(request)
                    : CannedResponse.text(404, "no canned answer for scenario '" + scenario + "'");
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, new ArrayList<>(values)));
        return copy;
    }
}
