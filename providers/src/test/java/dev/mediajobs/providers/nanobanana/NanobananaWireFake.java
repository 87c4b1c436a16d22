package dev.mediajobs.providers.nanobanana;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Nanobanana Pro as the document describes it: {@code POST /image/generate} with {@code Authorization: Bearer <key>}
 * and {@code {prompt, width, height, steps, guidance_scale, reference_images: [{url, strength}]}}, answered with
 * {@code {"task_id": "..."}}; {@code GET /image/status/{task_id}}.
 *
 * <p>The document shows no status answer; this fake answers {@code {task_id, status, progress, image_url, error}}
 * and moves a task one step per status call: {@code pending}, {@code processing} (50 %), then {@code completed}
 * with an {@code image_url} on itself (a real PNG header) — or {@code failed} with an {@code error} when the prompt
 * contains {@value #FAIL_WORD}. Requests missing a documented field, or with a wrong type, get a 400.
 */
public final class NanobananaWireFake implements AutoCloseable {

    public static final String FAIL_WORD = "FAIL";
    public static final String FAILURE_MESSAGE = "content policy violation";
    /** The PNG signature and the start of an IHDR chunk: enough for anything that sniffs the type. */
    public static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final int MAX_SIDE = 4096;

    private record Task(String id, boolean fails, AtomicInteger polls) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    private NanobananaWireFake(HttpServer server, ExecutorService executor, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.apiKey = apiKey;
    }

    /** Listens on 127.0.0.1 at a random free port and accepts this key. */
    public static NanobananaWireFake start(String apiKey) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "nanobanana-wire-fake");
                thread.setDaemon(true);
                return thread;
            });
            NanobananaWireFake fake = new NanobananaWireFake(server, executor, apiKey);
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The JSON bodies of all generate requests, oldest first. */
    public List<JsonNode> recordedBodies() {
        return List.copyOf(bodies);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.startsWith("/files/")) {
                // generated images are served without the key, like a CDN URL
                sendBytes(exchange, 200, "image/png", PNG);
                return;
            }
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                sendJson(exchange, 401, Map.of("error", "invalid or missing API key"));
                return;
            }
            if (method.equals("POST") && path.equals("/image/generate")) {
                generate(exchange, body);
            } else if (method.equals("GET") && path.startsWith("/image/status/")) {
                status(exchange, path.substring("/image/status/".length()));
            } else {
                sendJson(exchange, 404, Map.of("error", "no route " + method + " " + path));
            }
        }
    }

    private void generate(HttpExchange exchange, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            sendJson(exchange, 400, Map.of("error", "Content-Type must be application/json"));
            return;
        }
        JsonNode request;
        try {
            request = JsonCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            sendJson(exchange, 400, Map.of("error", "the body is not JSON"));
            return;
        }
        bodies.add(request);
        String problem = problemWith(request);
        if (problem != null) {
            sendJson(exchange, 400, Map.of("error", problem));
            return;
        }
        String id = "nb-task-" + ids.incrementAndGet();
        tasks.put(id, new Task(id, request.get("prompt").asString().contains(FAIL_WORD), new AtomicInteger()));
        sendJson(exchange, 200, Map.of("task_id", id));
    }

    private void status(HttpExchange exchange, String id) throws IOException {
        Task task = tasks.get(id);
        if (task == null) {
            sendJson(exchange, 404, Map.of("error", "task not found"));
            return;
        }
        int poll = task.polls().incrementAndGet();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task_id", id);
        if (poll == 1) {
            answer.put("status", "pending");
        } else if (poll == 2) {
            answer.put("status", "processing");
            answer.put("progress", 50);
        } else if (task.fails()) {
            answer.put("status", "failed");
            answer.put("error", FAILURE_MESSAGE);
        } else {
            answer.put("status", "completed");
            answer.put("progress", 100);
            answer.put("image_url", baseUrl() + "/files/" + id + ".png");
        }
        sendJson(exchange, 200, answer);
    }

    /** What the documented request must hold: a prompt, a size, steps, guidance_scale, and well-formed references. */
    private static String problemWith(JsonNode request) {
        if (!request.isObject()) {
            return "the body must be a JSON object";
        }
        JsonNode prompt = request.get("prompt");
        if (prompt == null || !prompt.isString() || prompt.asString().isBlank()) {
            return "prompt is required";
        }
        for (String side : List.of("width", "height")) {
            JsonNode v = request.get(side);
            if (v == null || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_SIDE) {
                return side + " must be a whole number 1-" + MAX_SIDE;
            }
        }
        JsonNode steps = request.get("steps");
        if (steps == null || !steps.isIntegralNumber() || steps.asInt() < 1) {
            return "steps must be a whole number >= 1";
        }
        JsonNode guidance = request.get("guidance_scale");
        if (guidance == null || !guidance.isNumber()) {
            return "guidance_scale must be a number";
        }
        JsonNode references = request.get("reference_images");
        if (references != null) {
            if (!references.isArray()) {
                return "reference_images must be an array";
            }
            for (JsonNode reference : references) {
                JsonNode url = reference.get("url");
                JsonNode strength = reference.get("strength");
                if (url == null || !url.isString() || !isHttpUrl(url.asString())) {
                    return "every reference image needs an http(s) url";
                }
                if (strength == null || !strength.isNumber() || strength.asDouble() < 0 || strength.asDouble() > 1) {
                    return "every reference image needs a strength 0-1";
                }
            }
        }
        return null;
    }

    private static boolean isHttpUrl(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return "http".equals(scheme) || "https".equals(scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void sendJson(HttpExchange exchange, int status, Object json) throws IOException {
        sendBytes(exchange, status, "application/json", JsonCodec.toBytes(json));
    }

    private static void sendBytes(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
