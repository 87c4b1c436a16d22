package dev.mediajobs.providers.runway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Runway's Gen-3 API as document 000 describes it, on 127.0.0.1 at a random port: {@code POST /v1/image_to_video} and
 * {@code GET /v1/tasks/{id}}, each requiring {@code Authorization: Bearer <key>} and {@code X-Runway-Version:
 * 2024-11-06} exactly. The submit body is checked field by field (an unknown field, e.g. {@code prompt} for
 * {@code promptText}, is a 400). A task answers PENDING on its first poll, RUNNING on its second and then SUCCEEDED
 * with an {@code output} URL served by the fake (real MP4 header bytes), or FAILED when its promptText contains
 * {@link #FAIL_MARKER}.
 *
 * <p>The key {@link #NO_CREDITS_KEY} gets the documented 402 "insufficient credits".
 */
public final class RunwayWireFake implements AutoCloseable {

    public static final String VERSION = "2024-11-06";
    public static final String FAIL_MARKER = "[fail]";
    public static final String NO_CREDITS_KEY = "runway-no-credits";
    public static final String FAILURE_TEXT = "The prompt was flagged by content moderation.";
    /** The start of an MP4 ({@code ftyp} box), enough for anything that sniffs the type. */
    public static final byte[] MP4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '2'};

    private static final Set<String> FIELDS = Set.of("promptText", "model", "duration", "ratio", "promptImage");
    private static final Set<String> MODELS = Set.of("gen3a_turbo", "gen3a");
    private static final Set<String> RATIOS = Set.of("16:9", "9:16", "1:1");

    /** A request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private record Task(boolean fails, AtomicInteger polls) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private RunwayWireFake(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "runway-wire-fake");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static RunwayWireFake start(String apiKey) {
        try {
            return new RunwayWireFake(apiKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to configure as the adapter's base URL (the API root with its version, like https://api.runwayml.com/v1). */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
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
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
            if (method.equals("GET") && path.startsWith("/files/")) {
                send(exchange, 200, "video/mp4", MP4);
                return;
            }
            String refusal = refusal(exchange);
            if (refusal != null) {
                return;
            }
            if (method.equals("POST") && path.equals("/v1/image_to_video")) {
                submit(exchange, body);
            } else if (method.equals("GET") && path.startsWith("/v1/tasks/")) {
                poll(exchange, path.substring("/v1/tasks/".length()));
            } else {
                error(exchange, 404, "Not found: " + method + " " + path);
            }
        }
    }

    /** Auth and version, as every documented call requires; answers the refusal itself and says so. */
    private String refusal(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (("Bearer " + NO_CREDITS_KEY).equals(auth)) {
            return error(exchange, 402, "You do not have enough credits to run this task.");
        }
        if (!("Bearer " + apiKey).equals(auth)) {
            return error(exchange, 401, "Incorrect API key provided: " + auth);
        }
        if (!VERSION.equals(exchange.getRequestHeaders().getFirst("X-Runway-Version"))) {
            return error(exchange, 400, "The X-Runway-Version header is missing or not a supported version");
        }
        return null;
    }

    private void submit(HttpExchange exchange, byte[] body) throws IOException {
        if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            error(exchange, 400, "Content-Type must be application/json");
            return;
        }
        JsonNode json;
        try {
            json = JsonCodec.mapper().readTree(body);
        } catch (RuntimeException e) {
            error(exchange, 400, "Invalid JSON");
            return;
        }
        String problem = problem(json);
        if (problem != null) {
            error(exchange, 400, problem);
            return;
        }
        String id = UUID.randomUUID().toString();
        tasks.put(id, new Task(json.get("promptText").asString().contains(FAIL_MARKER), new AtomicInteger()));
        send(exchange, 200, "application/json", JsonCodec.toBytes(Map.of("id", id, "status", "PENDING")));
    }

    private static String problem(JsonNode json) {
        if (!json.isObject()) {
            return "The body must be a JSON object";
        }
        for (String field : json.propertyNames()) {
            if (!FIELDS.contains(field)) {
                return "Unrecognized key: " + field;
            }
        }
        JsonNode prompt = json.get("promptText");
        if (prompt == null || !prompt.isString() || prompt.asString().isBlank()) {
            return "promptText is required";
        }
        if (json.has("model") && !MODELS.contains(json.get("model").asString())) {
            return "model must be one of " + MODELS;
        }
        if (json.has("duration") && !(json.get("duration").isIntegralNumber() && Set.of(5, 10).contains(json.get("duration").asInt()))) {
            return "duration must be 5 or 10";
        }
        if (json.has("ratio") && !RATIOS.contains(json.get("ratio").asString())) {
            return "ratio must be one of " + RATIOS;
        }
        if (json.has("promptImage") && !(json.get("promptImage").isString()
                && json.get("promptImage").asString().matches("(https?://|data:image/).+"))) {
            return "promptImage must be a URL or a base64 data URI";
        }
        return null;
    }

    private void poll(HttpExchange exchange, String id) throws IOException {
        Task task = tasks.get(id);
        if (task == null) {
            error(exchange, 404, "Task not found");
            return;
        }
        int poll = task.polls().incrementAndGet();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        if (poll == 1) {
            answer.put("status", "PENDING");
        } else if (poll == 2) {
            answer.put("status", "RUNNING");
            answer.put("progress", 0.5);
        } else if (task.fails()) {
            answer.put("status", "FAILED");
            answer.put("failure", FAILURE_TEXT);
            answer.put("failureCode", "SAFETY.INPUT.TEXT");
        } else {
            answer.put("status", "SUCCEEDED");
            answer.put("output", List.of(rootUrl() + "/files/" + id + ".mp4"));
        }
        send(exchange, 200, "application/json", JsonCodec.toBytes(answer));
    }

    private static String error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json", JsonCodec.toBytes(Map.of("error", message)));
        return message;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
