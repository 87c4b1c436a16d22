package dev.mediajobs.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** A provider CDN stand-in on a random loopback port: {@code /asset} streams the bytes with a Content-Length. */
final class AssetSource implements AutoCloseable {

    private final HttpServer server;

    private AssetSource(HttpServer server) {
        this.server = server;
    }

    static AssetSource start(DeterministicBytes bytes, String contentType) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/asset", exchange -> serve(exchange, bytes, contentType));
            server.start();
            return new AssetSource(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpExchange exchange, DeterministicBytes bytes, String contentType) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.size());
            try (OutputStream out = exchange.getResponseBody()) {
                bytes.writeTo(out);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/asset";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
