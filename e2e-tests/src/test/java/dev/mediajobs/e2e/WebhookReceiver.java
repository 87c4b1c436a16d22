package dev.mediajobs.e2e;

import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A webhook endpoint as a customer would run it: it verifies every delivery with the Standard Webhooks reference
 * library (not mediajobs' own signing code) and records what arrived.
 */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(String webhookId, JobEvent event, boolean signatureValid) {
    }

    private final HttpServer server;
    private final Webhook verifier;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret) {
        try {
            this.verifier = new Webhook(secret);
        } catch (Exception e) {
            throw new IllegalArgumentException("webhook secret rejected by the reference library", e);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
            boolean valid;
            try {
                verifier.verify(body, headers);
                valid = true;
            } catch (Exception e) {
                valid = false;
            }
            String id = headers.getOrDefault("webhook-id", List.of("")).getFirst();
            deliveries.add(new Delivery(id, JsonCodec.fromJson(body, JobEvent.class), valid));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    Map<String, Long> deliveriesPerJob() {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        deliveries.forEach(d -> counts.merge(d.event().job().id(), 1L, Long::sum));
        return counts;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
