package dev.mediajobs.storage.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider CDN stand-in on a random loopback port. Paths:
 * <ul>
 *   <li>{@code /bytes/<seed>/<size>[?type=<content type>&chunked=true]}: {@link GeneratedBytes}, with a Content-Length
 *       unless chunked; any other query parameter (a "signed token") is ignored;</li>
 *   <li>{@code /status/<code>}: answers that status with a small body;</li>
 *   <li>{@code /flaky/<failures>/<name>/<seed>/<size>}: 503 for the first {@code failures} requests of {@code name},
 *       then the bytes;</li>
 *   <li>{@code /truncated/<seed>/<size>}: declares {@code size} bytes, sends half, closes;</li>
 *   <li>{@code /stall/<seed>/<size>}: sends headers and a first chunk, then hangs until {@link #close()};</li>
 *   <li>{@code /redirect/...}: 302 to {@code /...}.</li>
 * </ul>
 */
public final class TestAssetServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestAssetServer(HttpServer server) {
        this.server = server;
    }

    public static TestAssetServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestAssetServer s = new TestAssetServer(server);
            server.createContext("/", s::handle);
            server.setExecutor(s.executor);
            server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url(String pathAndQuery) {
        return baseUrl() + pathAndQuery;
    }

    /** How many requests reached this path (without query). */
    public int requestCount(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String[] parts = path.substring(1).split("/");
            switch (parts[0]) {
                case "bytes" -> sendBytes(exchange, bytes(parts, 1), query.get("type"), "true".equals(query.get("chunked")));
                case "status" -> sendStatus(exchange, Integer.parseInt(parts[1]));
                case "flaky" -> {
                    int failures = Integer.parseInt(parts[1]);
                    if (requests.get(path).get() <= failures) {
                        sendStatus(exchange, 503);
                    } else {
                        sendBytes(exchange, bytes(parts, 3), query.get("type"), false);
                    }
                }
                case "truncated" -> {
                    GeneratedBytes b = bytes(parts, 1);
                    exchange.sendResponseHeaders(200, b.size());
                    OutputStream out = exchange.getResponseBody();
                    new GeneratedBytes(b.seed(), b.size() / 2).writeTo(out);
                    out.flush();
                    // closing the exchange now leaves the declared length unfulfilled: the connection is dropped
                }
                case "stall" -> {
                    GeneratedBytes b = bytes(parts, 1);
                    exchange.sendResponseHeaders(200, b.size());
                    OutputStream out = exchange.getResponseBody();
                    new GeneratedBytes(b.seed(), Math.min(1024, b.size())).writeTo(out);
                    out.flush();
                    awaitClose();
                }
                case "redirect" -> {
                    exchange.getResponseHeaders().add("Location", path.substring("/redirect".length())
                            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
                    exchange.sendResponseHeaders(302, -1);
                }
                default -> sendStatus(exchange, 404);
            }
        }
    }

    private void awaitClose() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static GeneratedBytes bytes(String[] parts, int from) {
        return new GeneratedBytes(Long.parseLong(parts[from]), Long.parseLong(parts[from + 1]));
    }

    private static void sendBytes(HttpExchange exchange, GeneratedBytes bytes, String type, boolean chunked)
            throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(200, chunked ? 0 : bytes.size());
        bytes.writeTo(exchange.getResponseBody());
    }

    private static void sendStatus(HttpExchange exchange, int status) throws IOException {
        byte[] body = ("status " + status).getBytes();
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
