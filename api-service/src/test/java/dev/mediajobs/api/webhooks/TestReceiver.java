package dev.mediajobs.api.webhooks;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver as a customer would run it: it verifies every request with the Standard Webhooks reference
 * library (com.standardwebhooks, not mediajobs' own signing code), once per secret it knows, records what arrived and
 * answers whatever the test tells it to.
 */
final class TestReceiver implements AutoCloseable {

    /**
     * One request.
     *
     * @param verifiedBy for each secret given to the receiver, whether the reference library accepted the request with it
     */
    record Request(String path, String webhookId, String timestamp, String signature, String body, long receivedNanos,
                   List<Boolean> verifiedBy) {

        boolean verified() {
            return !verifiedBy.isEmpty() && verifiedBy.stream().allMatch(Boolean::booleanValue);
        }

        JobEvent event() {
            return JsonCodec.fromJson(body, JobEvent.class);
        }
    }

    /** The answer to give. */
    record Answer(int status, Map<String, String> headers) {
        static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final List<Webhook> verifiers = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> responder = r -> Answer.of(204);
    private final HttpServer server;

    /** Listens on a free port. */
    TestReceiver(List<String> secrets) {
        this(secrets, 0);
    }

    /** Listens on {@code port} (0: any free one). */
    TestReceiver(List<String> secrets, int port) {
        secrets.forEach(this::trust);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<Boolean> verifiedBy = new ArrayList<>();
        for (Webhook verifier : verifiers) {
            boolean ok;
            try {
                verifier.verify(body, exchange.getRequestHeaders());
                ok = true;
            } catch (Exception e) {
                ok = false;
            }
            verifiedBy.add(ok);
        }
        Request request = new Request(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("webhook-id"),
                exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, received, List.copyOf(verifiedBy));
        requests.add(request);
        Answer answer = responder.apply(request);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    /** Verifies with {@code secret} too (e.g. an endpoint's, known once it is registered). */
    void trust(String secret) {
        try {
            verifiers.add(new Webhook(secret));
        } catch (Exception e) {
            throw new IllegalArgumentException("secret rejected by the reference library", e);
        }
    }

    void answer(Function<Request, Answer> responder) {
        this.responder = responder;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
