package dev.mediajobs.providers.testing;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A fake of the generate → status task protocol of reference document 001 (Nanobanana Pro, and Sora 2 and Veo3, whose
 * adapters poll the same way): {@code POST <generate path>} with {@code Authorization: Bearer <key>} and a JSON body,
 * answered with {@code {"<id field>": "..."}}; {@code GET <status path><id>}.
 *
 * <p>The document shows no status answer; this fake answers {@code {<id field>, status, progress, <output field>,
 * error}} and moves a task one step per status call: the queued word, {@code processing} (50 %), then
 * {@code completed} with the output URL on itself (served at {@code /files/} without a key, like a CDN URL, with real
 * header bytes) — or {@code failed} with an {@code error} when the prompt contains {@value #FAIL_WORD}. A request
 * missing a documented field, or with a wrong type, gets a 400 with the provider's {@link #problemWith problem}.
 */
public abstract class GenerateStatusWireFake extends WireFakeServer {

    public static final String FAIL_WORD = "FAIL";
    private static final Pattern RESOLUTION = Pattern.compile("\\d{2,5}x\\d{2,5}");

    /** What the generated file is served as under {@code /files/}. */
    public record OutputFile(String extension, String contentType, byte[] bytes) {
    }

    /**
     * Where the providers of the protocol differ.
     *
     * @param idPrefix       how the fake's ids start, e.g. {@code nb-task-}
     * @param queuedStatus   the first status word, e.g. {@code pending}
     * @param failureMessage the {@code error} of a failed task
     */
    public record Shape(String generatePath, String statusPath, String idField, String idPrefix, String queuedStatus,
                        String outputField, OutputFile output, String failureMessage) {
    }

    private record Task(boolean fails, AtomicInteger polls) {
    }

    private final Shape shape;
    private final String apiKey;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final Set<String> keysWithoutCredit = ConcurrentHashMap.newKeySet();

    protected GenerateStatusWireFake(String threadName, Shape shape, String apiKey) {
        super(threadName);
        this.shape = shape;
        this.apiKey = apiKey;
    }

    /** The body of an error answer in the provider's shape. */
    protected abstract Object errorBody(int status, String message);

    /** What the provider would reject in a generate request, or null. */
    protected abstract String problemWith(JsonNode request);

    /** The base URL to configure: the fake's root, like the provider's API root. */
    @Override
    public String baseUrl() {
        return rootUrl();
    }

    /** The JSON bodies of all generate requests, oldest first. */
    public List<JsonNode> recordedBodies() {
        return List.copyOf(bodies);
    }

    @Override
    protected final void handle(WireExchange exchange) throws IOException {
        String path = exchange.path();
        String method = exchange.method();
        if (method.equals("GET") && path.startsWith("/files/")) {
            exchange.send(200, shape.output().contentType(), shape.output().bytes());
            return;
        }
        String authorization = exchange.header("Authorization");
        if (keysWithoutCredit.stream().anyMatch(key -> ("Bearer " + key).equals(authorization))) {
            sendError(exchange, 402, "insufficient credits: top up the account to generate again");
            return;
        }
        if (!("Bearer " + apiKey).equals(authorization)) {
            sendError(exchange, 401, "invalid or missing API key");
            return;
        }
        if (method.equals("POST") && path.equals(shape.generatePath())) {
            generate(exchange);
        } else if (method.equals("GET") && path.startsWith(shape.statusPath())) {
            status(exchange, path.substring(shape.statusPath().length()));
        } else {
            sendError(exchange, 404, "no route " + method + " " + path);
        }
    }

    /** From now on every call with this key is answered 402 in the provider's error shape: the account ran dry. */
    public void outOfCredits(String key) {
        keysWithoutCredit.add(key);
    }

    /** What every generate body of the document needs: to be a JSON object with a prompt. */
    protected static String promptProblem(JsonNode request) {
        if (!request.isObject()) {
            return "the body must be a JSON object";
        }
        JsonNode prompt = request.get("prompt");
        if (prompt == null || !prompt.isString() || prompt.asString().isBlank()) {
            return "prompt is required";
        }
        return null;
    }

    /** What the video generate body of Sora and Veo3 needs: a prompt, {@code duration}, {@code resolution} and {@code fps}. */
    protected static String videoBodyProblem(JsonNode request) {
        String prompt = promptProblem(request);
        if (prompt != null) {
            return prompt;
        }
        JsonNode duration = request.get("duration");
        if (duration == null || !duration.isIntegralNumber() || duration.asInt() < 1) {
            return "duration must be whole seconds >= 1";
        }
        JsonNode resolution = request.get("resolution");
        if (resolution == null || !resolution.isString() || !RESOLUTION.matcher(resolution.asString()).matches()) {
            return "resolution must look like 1920x1080";
        }
        JsonNode fps = request.get("fps");
        if (fps == null || !fps.isIntegralNumber() || fps.asInt() < 1) {
            return "fps must be a whole number >= 1";
        }
        return null;
    }

    /** Whether a text is an absolute http(s) URL, as a provider fetching it would need. */
    protected static boolean isHttpUrl(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return "http".equals(scheme) || "https".equals(scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void generate(WireExchange exchange) throws IOException {
        String contentType = exchange.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            sendError(exchange, 400, "Content-Type must be application/json");
            return;
        }
        Optional<JsonNode> json = exchange.json();
        if (json.isEmpty()) {
            sendError(exchange, 400, "the body is not JSON");
            return;
        }
        JsonNode request = json.get();
        bodies.add(request);
        String problem = problemWith(request);
        if (problem != null) {
            sendError(exchange, 400, problem);
            return;
        }
        String id = shape.idPrefix() + ids.incrementAndGet();
        tasks.put(id, new Task(request.get("prompt").asString().contains(FAIL_WORD), new AtomicInteger()));
        exchange.sendJson(200, Map.of(shape.idField(), id));
    }

    private void status(WireExchange exchange, String id) throws IOException {
        Task task = tasks.get(id);
        if (task == null) {
            // "task not found", "video not found": what the id field names
            sendError(exchange, 404, shape.idField().replaceFirst("_id$", "") + " not found");
            return;
        }
        int poll = task.polls().incrementAndGet();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(shape.idField(), id);
        if (poll == 1) {
            answer.put("status", shape.queuedStatus());
        } else if (poll == 2) {
            answer.put("status", "processing");
            answer.put("progress", 50);
        } else if (task.fails()) {
            answer.put("status", "failed");
            answer.put("error", shape.failureMessage());
        } else {
            answer.put("status", "completed");
            answer.put("progress", 100);
            answer.put(shape.outputField(), rootUrl() + "/files/" + id + shape.output().extension());
        }
        exchange.sendJson(200, answer);
    }

    private void sendError(WireExchange exchange, int status, String message) throws IOException {
        exchange.sendJson(status, errorBody(status, message));
    }
}
