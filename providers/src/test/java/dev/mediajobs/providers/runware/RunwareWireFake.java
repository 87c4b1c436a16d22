package dev.mediajobs.providers.runware;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.testing.FakeCallbacks;
import dev.mediajobs.providers.testing.MediaHeaders;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A Runware API on 127.0.0.1 speaking reference document 002: {@code POST /v1} with {@code Authorization: Bearer}
 * and a JSON array of tasks; {@code videoInference} checked against the document's required parameters, the
 * parameter list and the model constraints (answering {@code errors[]} with {@code invalidModel},
 * {@code invalidDuration}, {@code unsupportedDimensions}, {@code unsupportedParameter}); {@code getResponse} moving a
 * task from {@code processing} to {@code success} (or {@code failed} for a prompt containing {@value #FAIL_MARKER})
 * with a {@code videoURL} on this server that serves real MP4 bytes. It also serves a PNG at {@link #imageUrl()} for
 * image-to-video inputs.
 *
 * <p>A task ends after {@link #pollsUntilDone} getResponse calls, or {@link #completeAfter} its submit, or when the
 * test says so ({@link #complete}); when it ends and its videoInference carried a {@code webhookURL}, the fake POSTs
 * the finished task there as a getResponse answer would carry it ({@code {"data": [...]}}; the document names the
 * field, "Callback URL for completion", but shows no body), retrying on anything but a 2xx. See
 * {@link #callbackAttempts()}.
 *
 * <pre>{@code
 * try (RunwareWireFake runware = RunwareWireFake.start("key")) {
 *     settings.setBaseUrl(runware.baseUrl());
 * }
 * }</pre>
 */
public final class RunwareWireFake extends WireFakeServer {

    /** A prompt containing this makes the task fail. */
    public static final String FAIL_MARKER = "[fail]";
    /** The first bytes of an MP4 (an ftyp box), served as every video. */
    public static final byte[] MP4_BYTES = MediaHeaders.MP4;
    /** A PNG signature and IHDR start, served at {@link #imageUrl()}. */
    public static final byte[] PNG_BYTES = MediaHeaders.PNG;

    private static final Set<String> DOCUMENTED_PARAMETERS = Set.of("taskType", "taskUUID", "positivePrompt", "model",
            "duration", "width", "height", "deliveryMethod", "negativePrompt", "seed", "fps", "outputFormat", "outputQuality",
            "webhookURL", "ttl", "CFGScale", "referenceImages", "frameImages", "providerSettings", "advancedFeatures",
            "uploadEndpoint", "numberResults");
    private static final Set<String> KLING = Set.of("klingai:5@3", "klingai:5@1");
    private static final Set<String> KLING_SIZES = Set.of("1920x1080", "1080x1920", "1080x1080");

    /** A submitted videoInference task; {@code ended} once it finished (or failed), whatever made it end. */
    private record Task(String taskUUID, JsonNode request, AtomicInteger polls, AtomicBoolean ended) {
        boolean fails() {
            return request.path("positivePrompt").asString("").contains(FAIL_MARKER);
        }
        int results() {
            return request.path("numberResults").asInt(1);
        }
        String webhookURL() {
            String url = request.path("webhookURL").asString("");
            return url.isBlank() ? null : url;
        }
    }

    private final String apiKey;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> submissions = new ConcurrentHashMap<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final FakeCallbacks callbacks = new FakeCallbacks("runware");
    private volatile int pollsUntilDone = 1;
    private volatile Duration completeAfter;

    private RunwareWireFake(String apiKey) {
        super("runware-fake");
        this.apiKey = apiKey;
    }

    public static RunwareWireFake start(String apiKey) {
        return listening(new RunwareWireFake(apiKey));
    }

    /** The API endpoint, as the adapter's base URL: {@code http://127.0.0.1:<port>/v1}. */
    @Override
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    public String apiKey() {
        return apiKey;
    }

    /** A PNG on this server, for image-to-video inputs. */
    public String imageUrl() {
        return rootUrl() + "/inputs/frame.png";
    }

    /** How many getResponse calls answer {@code processing} before the task is done (default 1). */
    public void pollsUntilDone(int polls) {
        this.pollsUntilDone = polls;
    }

    /**
     * Tasks submitted from now on end this long after their submit, however often they are polled (polls before then
     * answer {@code processing}); null returns to counting polls.
     */
    public void completeAfter(Duration delay) {
        this.completeAfter = delay;
    }

    /**
     * Ends the task now (success, or failure for a failing prompt) and calls its webhookURL back if it has one.
     *
     * @return false when no such task was submitted
     */
    public boolean complete(String taskUUID) {
        Task task = tasks.get(taskUUID);
        if (task == null) {
            return false;
        }
        end(task);
        return true;
    }

    /** Every POST to a webhookURL so far, retries included, oldest first. */
    public List<FakeCallbacks.Attempt> callbackAttempts() {
        return callbacks.attempts();
    }

    /** The getResponse tasks received for this taskUUID: the status requests of one task. */
    public long statusRequestsOf(String taskUUID) {
        return received.stream().filter(t -> "getResponse".equals(t.path("taskType").asString(""))
                && taskUUID.equals(t.path("taskUUID").asString(""))).count();
    }

    @Override
    public void close() {
        callbacks.close();
        super.close();
    }

    /** Every task object received (videoInference and getResponse), oldest first. */
    public List<JsonNode> receivedTasks() {
        return List.copyOf(received);
    }

    /** How many videoInference tasks arrived with this taskUUID. */
    public int submissionsOf(String taskUUID) {
        AtomicInteger n = submissions.get(taskUUID);
        return n == null ? 0 : n.get();
    }

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        byte[] body = exchange.body();
        String path = exchange.path();
        if (path.startsWith("/videos/") && "GET".equals(exchange.method())) {
            send(exchange, 200, "video/mp4", MP4_BYTES);
        } else if (path.equals("/inputs/frame.png") && "GET".equals(exchange.method())) {
            send(exchange, 200, "image/png", PNG_BYTES);
        } else if (path.equals("/v1") && "POST".equals(exchange.method())) {
            api(exchange, body);
        } else {
            send(exchange, 404, "text/plain", "no such endpoint".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void api(WireExchange exchange, byte[] body) throws IOException {
        if (!("Bearer " + apiKey).equals(exchange.header("Authorization"))) {
            json(exchange, 401, answer(List.of(), List.of(error("invalidApiKey", "Invalid API key.", null, null))));
            return;
        }
        String contentType = exchange.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            json(exchange, 400, answer(List.of(), List.of(error("invalidContentType", "Content-Type must be application/json", null, null))));
            return;
        }
        JsonNode tasksJson;
        try {
            tasksJson = JsonCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            tasksJson = null;
        }
        if (tasksJson == null || !tasksJson.isArray() || tasksJson.isEmpty()) {
            json(exchange, 400, answer(List.of(), List.of(error("invalidPayload", "the body must be a JSON array of tasks", null, null))));
            return;
        }
        List<Object> data = new ArrayList<>();
        List<Object> errors = new ArrayList<>();
        boolean invalid = false;
        for (JsonNode task : tasksJson) {
            received.add(task);
            String taskType = task.path("taskType").asString("");
            switch (taskType) {
                case "videoInference" -> {
                    List<Map<String, Object>> problems = checkVideoInference(task);
                    if (!problems.isEmpty()) {
                        errors.addAll(problems);
                        invalid = true;
                    } else {
                        data.addAll(accept(task));
                    }
                }
                case "getResponse" -> data.addAll(response(task.path("taskUUID").asString("")));
                default -> {
                    errors.add(error("invalidTaskType", "unknown taskType", "taskType", null));
                    invalid = true;
                }
            }
        }
        json(exchange, invalid ? 400 : 200, answer(data, errors));
    }

    private List<Map<String, Object>> checkVideoInference(JsonNode task) {
        List<Map<String, Object>> problems = new ArrayList<>();
        task.propertyNames().forEach(name -> {
            if (!DOCUMENTED_PARAMETERS.contains(name)) {
                problems.add(error("unsupportedParameter", "unknown parameter " + name, name, null));
            }
        });
        String uuid = task.path("taskUUID").asString("");
        try {
            UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            problems.add(error("invalidTaskUUID", "taskUUID must be a UUID", "taskUUID", null));
        }
        if (!task.path("positivePrompt").isString() || task.path("positivePrompt").asString().isBlank()) {
            problems.add(error("missingPositivePrompt", "positivePrompt is required", "positivePrompt", uuid));
        }
        String model = task.path("model").asString("");
        boolean kling = KLING.contains(model);
        if (!kling && !model.matches("runware:\\d+@\\d+")) {
            problems.add(error("invalidModel", "Model not supported", "model", uuid));
        }
        JsonNode duration = task.get("duration");
        if (duration != null && (!duration.isInt() || (kling ? !Set.of(5, 10).contains(duration.asInt())
                : duration.asInt() < 5 || duration.asInt() > 30))) {
            problems.add(error("invalidDuration", "Duration not supported", "duration", uuid));
        }
        JsonNode width = task.get("width");
        JsonNode height = task.get("height");
        if (width != null && !width.isInt() || height != null && !height.isInt()
                || kling && !KLING_SIZES.contains(task.path("width").asInt(1920) + "x" + task.path("height").asInt(1080))) {
            problems.add(error("unsupportedDimensions", "Resolution not supported", "width", uuid));
        }
        if (kling && (task.has("seed") || task.has("fps"))) {
            problems.add(error("unsupportedParameter", "Parameter not supported by Kling", task.has("seed") ? "seed" : "fps", uuid));
        }
        String delivery = task.path("deliveryMethod").asString("async");
        if (!delivery.equals("async") && !delivery.equals("sync")) {
            problems.add(error("invalidDeliveryMethod", "deliveryMethod is async or sync", "deliveryMethod", uuid));
        }
        JsonNode frames = task.get("frameImages");
        if (frames != null && !allBase64(frames)) {
            problems.add(error("invalidFrameImages", "frameImages must be Base64 encoded images", "frameImages", uuid));
        }
        return problems;
    }

    private List<Object> accept(JsonNode task) {
        String uuid = task.get("taskUUID").asString();
        submissions.computeIfAbsent(uuid, u -> new AtomicInteger()).incrementAndGet();
        boolean[] isNew = {false};
        Task known = tasks.computeIfAbsent(uuid, u -> {
            isNew[0] = true;
            return new Task(u, task, new AtomicInteger(), new AtomicBoolean());
        });
        if ("sync".equals(task.path("deliveryMethod").asString("async"))) {
            known.ended().set(true); // the answer carries the result: nothing to call back
            return finished(known);
        }
        Duration delay = completeAfter;
        if (isNew[0] && delay != null) {
            callbacks.later(delay, () -> end(known));
        }
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("taskType", "videoInference");
        ack.put("taskUUID", uuid);
        return List.of(ack);
    }

    private List<Object> response(String uuid) {
        Task task = tasks.get(uuid);
        if (task == null) {
            return List.of();
        }
        int polls = task.polls().incrementAndGet();
        if (!task.ended().get() && (completeAfter != null || polls <= pollsUntilDone)) {
            return List.of(item(task, "processing", 0));
        }
        end(task);
        return finished(task);
    }

    /** The task ends now; the first time, its webhookURL (if any) hears of it. */
    private void end(Task task) {
        if (task.ended().compareAndSet(false, true) && task.webhookURL() != null) {
            callbacks.post(task.webhookURL(), answer(finished(task), List.of()));
        }
    }

    private List<Object> finished(Task task) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < (task.fails() ? 1 : task.results()); i++) {
            items.add(item(task, task.fails() ? "failed" : "success", i));
        }
        return items;
    }

    private Map<String, Object> item(Task task, String status, int index) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("taskUUID", task.taskUUID());
        item.put("taskType", "videoInference");
        item.put("status", status);
        if (status.equals("success")) {
            String videoUUID = UUID.nameUUIDFromBytes((task.taskUUID() + index).getBytes(StandardCharsets.UTF_8)).toString();
            item.put("videoUUID", videoUUID);
            item.put("seed", 9121768170631298021L);
            item.put("videoURL", rootUrl() + "/videos/" + videoUUID + ".mp4");
        }
        if (status.equals("failed")) {
            item.put("message", "The video could not be generated: content moderation");
        }
        return item;
    }

    private static boolean allBase64(JsonNode frames) {
        if (!frames.isArray() || frames.isEmpty()) {
            return false;
        }
        for (JsonNode frame : frames) {
            try {
                if (!frame.isString() || Base64.getDecoder().decode(frame.asString()).length == 0) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> answer(List<Object> data, List<Object> errors) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", data);
        if (!errors.isEmpty()) {
            answer.put("errors", errors);
        }
        return answer;
    }

    private static Map<String, Object> error(String code, String message, String parameter, String taskUUID) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (parameter != null) {
            error.put("parameter", parameter);
            error.put("type", "string");
        }
        if (taskUUID != null && !taskUUID.isEmpty()) {
            error.put("taskUUID", taskUUID);
        }
        return error;
    }

    private static void json(WireExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JsonCodec.toBytes(body));
    }

    private static void send(WireExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.send(status, contentType, body);
    }
}
