package dev.mediajobs.storage.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An S3-compatible server that implements nothing: every request gets the configured status and S3 error code, the
 * way a store without (say) lifecycle support or with restricted credentials answers. Loopback, random port.
 */
public final class S3ErrorServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String code;

    private S3ErrorServer(HttpServer server) {
        this.server = server;
    }

    public static S3ErrorServer start(int status, String code) {
        try {
            S3ErrorServer s = new S3ErrorServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            s.answer(status, code);
            s.server.createContext("/", s::handle);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes the answer for the following requests. */
    public void answer(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "METHOD path?query" of every request so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (query == null ? "" : "?" + query));
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                    + code + " (test server)</Message><Resource>" + exchange.getRequestURI().getRawPath()
                    + "</Resource><RequestId>test</RequestId><HostId>test</HostId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
