package dev.mediajobs.providers.luma;

import dev.mediajobs.providers.testing.MediaHeaders;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Luma's Dream Machine API as documents 000 and 004 describe it, on 127.0.0.1 at a random port:
 * {@code POST /dream-machine/v1/generations} and {@code GET /dream-machine/v1/generations/{id}} with
 * {@code Authorization: Bearer <key>} checked exactly. The body is checked field by field (an unknown field, e.g.
 * {@code aspectRatio} for {@code aspect_ratio}, is a 400), including {@code keyframes.frame0} as an image or as an
 * earlier generation to extend, which must exist and be completed. A generation is {@code queued} on its first poll,
 * {@code dreaming} on its second, then {@code completed} with {@code assets.video} served by the fake (MP4 header
 * bytes), or {@code failed} with a {@code failure_reason} when its prompt contains {@link #FAIL_MARKER}.
 *
 * <p>{@link #completedGenerationId()} is a generation that is already completed, to extend.
 *
 * <p>For concurrency tests it counts the generations in progress as the provider would against its concurrency
 * limit: from their creation until a status call first reports them {@code completed} or {@code failed}
 * ({@link #generationsInProgress()}, and the most there ever were at once, {@link #mostGenerationsInProgress()}).
 */
public final class LumaWireFake extends WireFakeServer {

    public static final String FAIL_MARKER = "[fail]";
    public static final String FAILURE_REASON = "The prompt contains banned content terms.";
    public static final byte[] MP4 = MediaHeaders.MP4;

    private static final Set<String> FIELDS = Set.of("prompt", "aspect_ratio", "loop", "keyframes");
    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "4:3", "3:4", "21:9", "9:21", "1:1");
    private static final int COMPLETED_AFTER_POLLS = 3;

    private record Generation(boolean fails, AtomicInteger polls, AtomicBoolean reportedDone) {
        boolean completed() {
            return !fails && polls.get() >= COMPLETED_AFTER_POLLS;
        }
    }

    private final String apiKey;
    private final String completedGenerationId = UUID.randomUUID().toString();
    private final Map<String, Generation> generations = new ConcurrentHashMap<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger mostInProgress = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();

    private LumaWireFake(String apiKey) {
        super("luma-wire-fake");
        this.apiKey = apiKey;
        generations.put(completedGenerationId,
                new Generation(false, new AtomicInteger(COMPLETED_AFTER_POLLS), new AtomicBoolean(true)));
    }

    /** Generations created and not yet reported done. */
    public int generationsInProgress() {
        return inProgress.get();
    }

    /** The most generations that were ever in progress at once. */
    public int mostGenerationsInProgress() {
        return mostInProgress.get();
    }

    /** Generations created through the API. */
    public int generationsCreated() {
        return created.get();
    }

    public static LumaWireFake start(String apiKey) {
        return listening(new LumaWireFake(apiKey));
    }

    /** What to configure as the adapter's base URL (like https://api.lumalabs.ai/dream-machine/v1). */
    @Override
    public String baseUrl() {
        return rootUrl() + "/dream-machine/v1";
    }

    public String completedGenerationId() {
        return completedGenerationId;
    }

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        String method = exchange.method();
        String path = exchange.path();
        if (method.equals("GET") && path.startsWith("/files/")) {
            exchange.send(200, "video/mp4", MP4);
        } else if (!("Bearer " + apiKey).equals(exchange.header("Authorization"))) {
            detail(exchange, 401, "Invalid API key: " + exchange.header("Authorization"));
        } else if (method.equals("POST") && path.equals("/dream-machine/v1/generations")) {
            create(exchange);
        } else if (method.equals("GET") && path.startsWith("/dream-machine/v1/generations/")) {
            get(exchange, path.substring("/dream-machine/v1/generations/".length()));
        } else {
            detail(exchange, 404, "Not Found");
        }
    }

    private void create(WireExchange exchange) throws IOException {
        Optional<JsonNode> json = exchange.strictJsonBody(this::problem, LumaWireFake::detail);
        if (json.isEmpty()) {
            return;
        }
        String id = UUID.randomUUID().toString();
        generations.put(id, new Generation(json.get().get("prompt").asString().contains(FAIL_MARKER), new AtomicInteger(),
                new AtomicBoolean()));
        created.incrementAndGet();
        mostInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
        exchange.sendJson(201, answer(id, "queued", null));
    }

    private String problem(JsonNode json) {
        if (!json.isObject()) {
            return "The body must be a JSON object";
        }
        for (String field : json.propertyNames()) {
            if (!FIELDS.contains(field)) {
                return "Extra inputs are not permitted: " + field;
            }
        }
        JsonNode prompt = json.get("prompt");
        if (prompt == null || !prompt.isString() || prompt.asString().isBlank()) {
            return "prompt: Field required";
        }
        if (json.has("aspect_ratio") && !ASPECT_RATIOS.contains(json.get("aspect_ratio").asString())) {
            return "aspect_ratio: Input should be one of " + ASPECT_RATIOS;
        }
        if (json.has("loop") && !json.get("loop").isBoolean()) {
            return "loop: Input should be a valid boolean";
        }
        return json.has("keyframes") ? keyframeProblem(json.get("keyframes")) : null;
    }

    private String keyframeProblem(JsonNode keyframes) {
        if (!keyframes.isObject() || !keyframes.has("frame0")) {
            return "keyframes: expected an object with frame0";
        }
        for (String name : keyframes.propertyNames()) {
            if (!name.equals("frame0") && !name.equals("frame1")) {
                return "keyframes: unknown keyframe " + name;
            }
        }
        JsonNode frame = keyframes.get("frame0");
        String type = frame.path("type").isString() ? frame.get("type").asString() : null;
        if ("image".equals(type)) {
            return frame.path("url").isString() && frame.get("url").asString().matches("(https?://|data:image/).+") && frame.size() == 2
                    ? null : "keyframes.frame0: an image keyframe is {type, url}";
        }
        if ("generation".equals(type)) {
            Generation earlier = frame.path("id").isString() ? generations.get(frame.get("id").asString()) : null;
            if (frame.size() != 2 || earlier == null) {
                return "keyframes.frame0: no generation with that id";
            }
            return earlier.completed() ? null : "keyframes.frame0: only a completed generation can be extended";
        }
        return "keyframes.frame0.type: Input should be 'image' or 'generation'";
    }

    private void get(WireExchange exchange, String id) throws IOException {
        Generation generation = generations.get(id);
        if (generation == null) {
            detail(exchange, 404, "Generation not found");
            return;
        }
        int poll = generation.polls().incrementAndGet();
        Map<String, Object> answer;
        if (poll == 1) {
            answer = answer(id, "queued", null);
        } else if (poll == 2) {
            answer = answer(id, "dreaming", null);
        } else if (generation.fails()) {
            answer = answer(id, "failed", null);
            answer.put("failure_reason", FAILURE_REASON);
        } else {
            answer = answer(id, "completed", Map.of("video", rootUrl() + "/files/" + id + ".mp4"));
        }
        if (poll > 2 && generation.reportedDone().compareAndSet(false, true)) {
            inProgress.decrementAndGet(); // the provider no longer counts it against the concurrency limit
        }
        exchange.sendJson(200, answer);
    }

    private static Map<String, Object> answer(String id, String state, Map<String, Object> assets) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("state", state);
        answer.put("failure_reason", null);
        answer.put("created_at", "2026-01-01T00:00:00Z");
        answer.put("assets", assets);
        return answer;
    }

    private static void detail(WireExchange exchange, int status, String message) throws IOException {
        exchange.sendJson(status, Map.of("detail", message));
    }
}
