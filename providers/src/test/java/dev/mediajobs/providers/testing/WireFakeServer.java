package dev.mediajobs.providers.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP server under a provider's wire fake, so that a fake is only its provider's protocol: it listens on
 * 127.0.0.1 at a random free port on two daemon threads, records every request as {@link Received}, reads each body
 * in full, and hands the fake a {@link WireExchange} to answer.
 *
 * <p>A fake binds in its constructor and starts answering in its {@code start} factory through
 * {@link #listening(WireFakeServer)}, so no request can reach it before its own fields are set.
 */
public abstract class WireFakeServer implements AutoCloseable {

    /** A request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** @param threadName names the fake's threads in a thread dump, e.g. {@code luma-wire-fake} */
    protected WireFakeServer(String threadName) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts answering with the fake's {@link #handle}; for the fake's {@code start} factory. */
    protected static <F extends WireFakeServer> F listening(F fake) {
        ((WireFakeServer) fake).listen();
        return fake;
    }

    /** Answers one request; every path goes here. */
    protected abstract void handle(WireExchange exchange) throws IOException;

    /** What to configure as the adapter's base URL: the root, or the root and the API path, like the provider's. */
    public abstract String baseUrl();

    /** {@code http://127.0.0.1:<port>}, without any API path. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests that carried this key ({@code Authorization: Bearer <key>}), counted over everything received. */
    public long requestsWithKey(String key) {
        return received().stream().filter(r -> ("Bearer " + key).equals(r.header("Authorization"))).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void listen() {
        server.createContext("/", this::receive);
        server.setExecutor(executor);
        server.start();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
            handle(new WireExchange(exchange, method, path, body));
        }
    }
}
