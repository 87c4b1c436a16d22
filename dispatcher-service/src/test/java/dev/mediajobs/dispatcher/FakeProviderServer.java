package dev.mediajobs.dispatcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable provider over real HTTP (the JDK server on a free loopback port), so the dispatcher meets real status
 * codes, Retry-After headers and dropped connections through a real adapter. {@code POST /tasks} creates a task
 * (idempotent by {@code clientTaskId}) unless a scripted answer says otherwise; {@code GET /tasks?clientTaskId=}
 * finds one. A key can be refused for good ({@link #refuseKey}, e.g. 402: out of credits), as a provider refuses one
 * account of a pool while the others work.
 */
final class FakeProviderServer implements AutoCloseable {

    /** What the next {@code POST /tasks} answers. */
    sealed interface Answer permits Reply, Drop {
    }

    /** An HTTP answer; {@code retryAfter} null for none. No task is created. */
    record Reply(int status, String retryAfter, String body) implements Answer {
    }

    /** Closes the connection without any answer, after creating the task when {@code createTask}. */
    record Drop(boolean createTask) implements Answer {
    }

    private final HttpServer server;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Map<String, String> tasksByClientId = new ConcurrentHashMap<>();
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger taskCounter = new AtomicInteger();
    private final Map<String, Integer> refusedKeys = new ConcurrentHashMap<>();
    private final java.util.List<String> submitKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<Long> submitNanos = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeProviderServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/tasks", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next submits with these, in order; then tasks are created as usual. */
    FakeProviderServer script(Answer... answers) {
        script.addAll(java.util.List.of(answers));
        return this;
    }

    /** A task the provider already has for this client task id, as after a submit whose answer was lost. */
    String existingTask(String clientTaskId) {
        return createTask(clientTaskId);
    }

    /** Every call with this API key is answered with this status (401, 402, …) and the provider's error body. */
    FakeProviderServer refuseKey(String apiKey, int status) {
        refusedKeys.put(apiKey, status);
        return this;
    }

    /** The API key of each {@code POST /tasks}, in order. */
    java.util.List<String> submitKeys() {
        return java.util.List.copyOf(submitKeys);
    }

    long submitsWithKey(String apiKey) {
        return submitKeys.stream().filter(apiKey::equals).count();
    }

    /** When each {@code POST /tasks} arrived ({@link System#nanoTime}), in order. */
    java.util.List<Long> submitNanos() {
        return java.util.List.copyOf(submitNanos);
    }

    /** {@code POST /tasks} calls received: the submits the dispatcher would have paid for. */
    int submits() {
        return submits.get();
    }

    int lookups() {
        return lookups.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("POST".equals(exchange.getRequestMethod())) {
                submit(exchange);
            } else {
                lookup(exchange);
            }
        }
    }

    private void submit(HttpExchange exchange) throws IOException {
        submitNanos.add(System.nanoTime());
        submits.incrementAndGet();
        Map<?, ?> body = JsonCodec.fromBytes(exchange.getRequestBody().readAllBytes(), Map.class);
        String key = apiKey(exchange);
        submitKeys.add(key);
        Integer refusal = refusedKeys.get(key);
        if (refusal != null) {
            send(exchange, refusal, null, "{\"error\":\"" + (refusal == 402 ? "insufficient credits" : "invalid API key")
                    + "\"}");
            return;
        }
        String clientTaskId = (String) body.get("clientTaskId");
        Answer answer = script.poll();
        switch (answer) {
            case null -> send(exchange, 201, null, "{\"id\":\"" + createTask(clientTaskId) + "\"}");
            case Reply r -> send(exchange, r.status(), r.retryAfter(), r.body() == null ? "{\"error\":\"scripted\"}" : r.body());
            case Drop d -> {
                if (d.createTask()) {
                    createTask(clientTaskId);
                }
                // closing without response headers closes the connection: the client sees no answer at all
            }
        }
    }

    private void lookup(HttpExchange exchange) throws IOException {
        lookups.incrementAndGet();
        Integer refusal = refusedKeys.get(apiKey(exchange));
        if (refusal != null) {
            send(exchange, refusal, null, "{\"error\":\"refused\"}");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String clientTaskId = query == null || !query.startsWith("clientTaskId=") ? null
                : URLDecoder.decode(query.substring("clientTaskId=".length()), StandardCharsets.UTF_8);
        String taskId = clientTaskId == null ? null : tasksByClientId.get(clientTaskId);
        if (taskId == null) {
            send(exchange, 404, null, "{\"error\":\"no such task\"}");
        } else {
            send(exchange, 200, null, "{\"id\":\"" + taskId + "\"}");
        }
    }

    private static String apiKey(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    }

    private String createTask(String clientTaskId) {
        if (clientTaskId == null) {
            return "task-" + taskCounter.incrementAndGet();
        }
        return tasksByClientId.computeIfAbsent(clientTaskId, k -> "task-" + taskCounter.incrementAndGet());
    }

    private static void send(HttpExchange exchange, int status, String retryAfter, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
