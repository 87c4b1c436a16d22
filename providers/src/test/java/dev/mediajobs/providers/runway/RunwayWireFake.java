package dev.mediajobs.providers.runway;

import dev.mediajobs.providers.testing.MediaHeaders;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>For flow-control tests: {@link #rateLimitNextStatusCalls} makes the next status calls answer 429 with a
 * {@code Retry-After} (the instant each was sent is in {@link #rateLimitedAt()}), and {@link #arrivals()} tells when
 * every request arrived.
 */
public final class RunwayWireFake extends WireFakeServer {

    public static final String VERSION = "2024-11-06";
    public static final String FAIL_MARKER = "[fail]";
    public static final String NO_CREDITS_KEY = "runway-no-credits";
    public static final String FAILURE_TEXT = "The prompt was flagged by content moderation.";
    public static final byte[] MP4 = MediaHeaders.MP4;

    private static final Set<String> FIELDS = Set.of("promptText", "model", "duration", "ratio", "promptImage");
    private static final Set<String> MODELS = Set.of("gen3a_turbo", "gen3a");
    private static final Set<String> RATIOS = Set.of("16:9", "9:16", "1:1");

    private record Task(boolean fails, AtomicInteger polls) {
    }

    /** A request as it arrived (before it was answered). */
    public record Arrival(Instant at, String method, String path) {

        /** A call of Runway's API (a submit or a status call), not a download of an output file. */
        public boolean isApiCall() {
            return path.startsWith("/v1/");
        }
    }

    private final String apiKey;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicInteger statusCallsToRefuse = new AtomicInteger();
    private volatile long retryAfterSeconds;
    private final List<Instant> rateLimitedAt = new CopyOnWriteArrayList<>();

    private RunwayWireFake(String apiKey) {
        super("runway-wire-fake");
        this.apiKey = apiKey;
    }

    public static RunwayWireFake start(String apiKey) {
        return listening(new RunwayWireFake(apiKey));
    }

    /** What to configure as the adapter's base URL (the API root with its version, like https://api.runwayml.com/v1). */
    @Override
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /**
     * The next {@code count} status calls answer 429 {@code Retry-After: <retryAfterSeconds>} (the task itself is not
     * advanced by them), as Runway does when a plan's rate limit is exceeded.
     */
    public void rateLimitNextStatusCalls(int count, long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        statusCallsToRefuse.set(count);
    }

    /** When each scripted 429 was sent, oldest first. */
    public List<Instant> rateLimitedAt() {
        return List.copyOf(rateLimitedAt);
    }

    /** Every request as it arrived, oldest first. */
    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        String method = exchange.method();
        String path = exchange.path();
        arrivals.add(new Arrival(Instant.now(), method, path));
        if (method.equals("GET") && path.startsWith("/files/")) {
            exchange.send(200, "video/mp4", MP4);
            return;
        }
        String refusal = refusal(exchange);
        if (refusal != null) {
            return;
        }
        if (method.equals("POST") && path.equals("/v1/image_to_video")) {
            submit(exchange);
        } else if (method.equals("GET") && path.startsWith("/v1/tasks/")) {
            poll(exchange, path.substring("/v1/tasks/".length()));
        } else {
            error(exchange, 404, "Not found: " + method + " " + path);
        }
    }

    /** Auth and version, as every documented call requires; answers the refusal itself and says so. */
    private String refusal(WireExchange exchange) throws IOException {
        String auth = exchange.header("Authorization");
        if (("Bearer " + NO_CREDITS_KEY).equals(auth)) {
            return error(exchange, 402, "You do not have enough credits to run this task.");
        }
        if (!("Bearer " + apiKey).equals(auth)) {
            return error(exchange, 401, "Incorrect API key provided: " + auth);
        }
        if (!VERSION.equals(exchange.header("X-Runway-Version"))) {
            return error(exchange, 400, "The X-Runway-Version header is missing or not a supported version");
        }
        return null;
    }

    private void submit(WireExchange exchange) throws IOException {
        Optional<JsonNode> json = exchange.strictJsonBody(RunwayWireFake::problem, RunwayWireFake::error);
        if (json.isEmpty()) {
            return;
        }
        String id = UUID.randomUUID().toString();
        tasks.put(id, new Task(json.get().get("promptText").asString().contains(FAIL_MARKER), new AtomicInteger()));
        exchange.sendJson(200, Map.of("id", id, "status", "PENDING"));
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

    private void poll(WireExchange exchange, String id) throws IOException {
        if (statusCallsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.setResponseHeader("Retry-After", Long.toString(retryAfterSeconds));
            rateLimitedAt.add(Instant.now());
            error(exchange, 429, "You have exceeded the rate limit for your plan. Please retry after "
                    + retryAfterSeconds + " seconds.");
            return;
        }
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
        exchange.sendJson(200, answer);
    }

    private static String error(WireExchange exchange, int status, String message) throws IOException {
        exchange.sendJson(status, Map.of("error", message));
        return message;
    }
}
