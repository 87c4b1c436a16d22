package dev.mediajobs.providers.kie;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.testing.FakeCallbacks;
import dev.mediajobs.providers.testing.MediaHeaders;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import dev.mediajobs.providers.kie.KieFakeRecords.FakeTask;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Kie.ai on 127.0.0.1, speaking reference document 003: {@code Authorization: Bearer <key>} on every call, answers
 * in the {@code {code, msg, data}} envelope (errors as an error code inside HTTP 200, as Kie does), every family's
 * submit endpoint checked against the documented fields ({@link KieFakeRules}), every family's record endpoint
 * answering in its own shape ({@link KieFakeRecords}) and moving a task from running to done after
 * {@link #pollsUntilDone} reads (failing it when the prompt contains {@value #FAIL_MARKER}), Veo's 1080p fetch
 * (not ready on the first ask), GPT-4o's download-url, the credit balance, and the file upload host's URL upload.
 * Results are URLs on this server serving a few real bytes of MP4, PNG or MP3. A task polled at another family's
 * record endpoint is not found, so an adapter asking the wrong endpoint fails.
 *
 * <p>A task also ends {@link #completeAfter} its submit or when the test says so ({@link #complete}). When it ends and
 * its submit carried a {@code callBackUrl}, the fake POSTs {@code {code, msg, data}} there with the family's record as
 * {@code data} (the document names the field, "Webhook URL", but shows no callback body), retrying on anything but a
 * 2xx; see {@link #callbackAttempts()}.
 *
 * <pre>{@code
 * try (KieWireFake kie = KieWireFake.start("key")) {
 *     settings.setBaseUrl(kie.baseUrl());   // the file upload host is the same server
 * }
 * }</pre>
 */
public final class KieWireFake extends WireFakeServer {

    public static final String FAIL_MARKER = "[fail]";
    public static final byte[] MP4_BYTES = MediaHeaders.MP4;
    public static final byte[] PNG_BYTES = MediaHeaders.PNG;
    public static final byte[] MP3_BYTES = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfb};

    /** Submit paths to the record kind (the family whose record endpoint answers for the task). */
    private static final Map<String, String> SUBMITS = Map.ofEntries(
            Map.entry("/api/v1/veo/generate", "veo"), Map.entry("/api/v1/veo/extend", "veo"),
            Map.entry("/api/v1/runway/generate", "runway"), Map.entry("/api/v1/runway/extend", "runway"),
            Map.entry("/api/v1/runway/aleph/generate", "aleph"), Map.entry("/api/v1/modify/generate", "modify"),
            Map.entry("/api/v1/jobs/createTask", "jobs"), Map.entry("/api/v1/gpt4o-image/generate", "gpt4o"),
            Map.entry("/api/v1/flux/kontext/generate", "flux"), Map.entry("/api/v1/mj/generate", "mj"),
            Map.entry("/api/v1/generate", "suno"), Map.entry("/api/v1/generate/extend", "suno"),
            Map.entry("/api/v1/lyrics", "lyrics"));
    private static final Map<String, String> RECORDS = Map.ofEntries(
            Map.entry("/api/v1/veo/record-info", "veo"), Map.entry("/api/v1/runway/record-detail", "runway"),
            Map.entry("/api/v1/aleph/record-info", "aleph"), Map.entry("/api/v1/modify/record-info", "modify"),
            Map.entry("/api/v1/jobs/recordInfo", "jobs"), Map.entry("/api/v1/gpt4o-image/record-info", "gpt4o"),
            Map.entry("/api/v1/flux/kontext/record-info", "flux"), Map.entry("/api/v1/mj/record-info", "mj"),
            Map.entry("/api/v1/generate/record-info", "suno"), Map.entry("/api/v1/lyrics/record-info", "lyrics"));

    /** A call as received: its query, its key, and its body as JSON (null when it is none). */
    public record Call(String method, String path, String query, String authorization, JsonNode body) {
    }

    private final String apiKey;
    private final Map<String, FakeTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fullHdAsks = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger uploads = new AtomicInteger();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final FakeCallbacks callbacks = new FakeCallbacks("kie");
    private volatile int pollsUntilDone = 1;
    private volatile Duration completeAfter;
    private volatile BigDecimal credits = new BigDecimal("1234.5");

    private KieWireFake(String apiKey) {
        super("kie-fake");
        this.apiKey = apiKey;
    }

    public static KieWireFake start(String apiKey) {
        return listening(new KieWireFake(apiKey));
    }

    /** The API base URL, which also serves the file upload host's paths. */
    @Override
    public String baseUrl() {
        return rootUrl();
    }

    public String apiKey() {
        return apiKey;
    }

    /** A key the fake knows but whose credits have run out: submits answer code 402. */
    public String keyWithoutCredits() {
        return apiKey + "-no-credits";
    }

    /** A file on this server, e.g. an input image ({@code .png}) or video ({@code .mp4}). */
    public String fileUrl(String name) {
        return baseUrl() + "/files/inputs/" + name;
    }

    public void pollsUntilDone(int polls) {
        this.pollsUntilDone = polls;
    }

    public void credits(BigDecimal credits) {
        this.credits = credits;
    }

    /**
     * Tasks submitted from now on end this long after their submit, however often they are polled (reads before then
     * answer "running"); null returns to counting reads.
     */
    public void completeAfter(Duration delay) {
        this.completeAfter = delay;
    }

    /**
     * Ends the task now (success, or failure for a failing prompt) and calls its callBackUrl back if it has one.
     *
     * @param taskId Kie's task id, or the adapter's {@code <route>:<Kie task id>}
     * @return false when no such task was submitted
     */
    public boolean complete(String taskId) {
        FakeTask task = tasks.get(kieTaskId(taskId));
        if (task == null) {
            return false;
        }
        end(task);
        return true;
    }

    /** Every POST to a callBackUrl so far, retries included, oldest first. */
    public List<FakeCallbacks.Attempt> callbackAttempts() {
        return callbacks.attempts();
    }

    /** The record reads (status requests) received for a task (id as for {@link #complete}), at any record endpoint. */
    public long statusRequestsOf(String taskId) {
        String id = kieTaskId(taskId);
        return calls.stream().filter(c -> c.method().equals("GET") && RECORDS.containsKey(c.path())
                && id.equals(taskId(c.query()))).count();
    }

    /** Kie's own ids carry no colon; the adapter's ids put a route before one. */
    private static String kieTaskId(String taskId) {
        return taskId.substring(taskId.lastIndexOf(':') + 1);
    }

    @Override
    public void close() {
        callbacks.close();
        super.close();
    }

    /** Every call received, oldest first, with its body read as JSON. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The bodies received at a path, oldest first. */
    public List<JsonNode> bodiesAt(String path) {
        return calls.stream().filter(r -> r.path().equals(path) && r.body() != null).map(Call::body).toList();
    }

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        String method = exchange.method();
        String path = exchange.path();
        String query = exchange.query();
        JsonNode body = parse(exchange.body());
        String authorization = exchange.header("Authorization");
        calls.add(new Call(method, path, query, authorization, body));
        if (path.startsWith("/files/") && method.equals("GET")) {
            file(exchange, path);
            return;
        }
        boolean broke = ("Bearer " + keyWithoutCredits()).equals(authorization);
        if (!("Bearer " + apiKey).equals(authorization) && !broke) {
            envelope(exchange, 401, "You do not have access permissions", null);
            return;
        }
        if (method.equals("POST")) {
            String contentType = exchange.header("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                envelope(exchange, 400, "Content-Type must be application/json", null);
                return;
            }
            if (broke && SUBMITS.containsKey(path)) {
                envelope(exchange, 402, "Credits insufficient", null);
                return;
            }
            post(exchange, path, body);
        } else if (method.equals("GET")) {
            get(exchange, path, taskId(query));
        } else {
            envelope(exchange, 405, "method not allowed", null);
        }
    }

    private void post(WireExchange exchange, String path, JsonNode body) throws IOException {
        KieFakeRules.Rule rule = KieFakeRules.BODIES.get(path);
        if (rule == null) {
            envelope(exchange, 404, "Endpoint not found", null);
            return;
        }
        String problem = rule.problem(body);
        if (problem == null) {
            problem = KieFakeRules.crossFieldProblem(path, body);
        }
        if (problem != null) {
            envelope(exchange, 422, problem, null);
            return;
        }
        switch (path) {
            case "/api/v1/gpt4o-image/download-url" -> envelope(exchange, 200, "success",
                    body.get("imageUrl").asString().replace("/files/", "/files/download/"));
            case "/api/file-url-upload" -> upload(exchange, body);
            default -> submit(exchange, path, body);
        }
    }

    private void submit(WireExchange exchange, String path, JsonNode body) throws IOException {
        String kind = SUBMITS.get(path);
        if (path.endsWith("/extend") && !path.startsWith("/api/v1/generate")) {
            FakeTask original = tasks.get(body.get("taskId").asString());
            if (original == null || !original.kind().equals(kind)) {
                envelope(exchange, 422, "taskId is not a " + kind + " task", null);
                return;
            }
        }
        String taskId = UUID.randomUUID().toString().replace("-", "");
        FakeTask task = new FakeTask(taskId, kind, body, new AtomicInteger());
        tasks.put(taskId, task);
        Duration delay = completeAfter;
        if (delay != null) {
            callbacks.later(delay, () -> end(task));
        }
        envelope(exchange, 200, "success", Map.of("taskId", taskId));
    }

    private void get(WireExchange exchange, String path, String taskId) throws IOException {
        if (path.equals("/api/v1/chat/credit")) {
            envelope(exchange, 200, "success", credits);
            return;
        }
        if (path.equals("/api/v1/veo/get-1080p-video")) {
            fullHd(exchange, taskId);
            return;
        }
        String kind = RECORDS.get(path);
        if (kind == null) {
            envelope(exchange, 404, "Endpoint not found", null);
            return;
        }
        FakeTask task = taskId == null ? null : tasks.get(taskId);
        if (task == null || !task.kind().equals(kind)) {
            envelope(exchange, 404, "task not found", null);
            return;
        }
        int polls = task.polls().incrementAndGet();
        boolean done = ended.contains(taskId) || completeAfter == null && polls > pollsUntilDone;
        if (done) {
            end(task);
        }
        envelope(exchange, 200, "success", KieFakeRecords.record(task, done, baseUrl()));
    }

    /** The task ends now; the first time, its callBackUrl (if any) hears of it. */
    private void end(FakeTask task) {
        String url = task.body().path("callBackUrl").asString("");
        if (ended.add(task.taskId()) && !url.isBlank()) {
            boolean failed = task.fails();
            Map<String, Object> callback = new LinkedHashMap<>();
            callback.put("code", failed ? 501 : 200);
            callback.put("msg", failed ? "generation failed" : "success");
            callback.put("data", KieFakeRecords.record(task, true, baseUrl()));
            callbacks.post(url, callback);
        }
    }

    /** Not ready on the first ask (Kie: "may return a non-200 code ... retry"), then the 1080p URL. */
    private void fullHd(WireExchange exchange, String taskId) throws IOException {
        FakeTask task = taskId == null ? null : tasks.get(taskId);
        if (task == null || !task.kind().equals("veo")) {
            envelope(exchange, 404, "task not found", null);
            return;
        }
        if (fullHdAsks.computeIfAbsent(taskId, id -> new AtomicInteger()).incrementAndGet() == 1) {
            envelope(exchange, 400, "1080P video is being generated, please try again later", null);
            return;
        }
        envelope(exchange, 200, "success", Map.of("resultUrl", baseUrl() + "/files/" + taskId + "/1080p.mp4"));
    }

    private void upload(WireExchange exchange, JsonNode body) throws IOException {
        String source = body.get("fileUrl").asString();
        String name = source.substring(source.lastIndexOf('/') + 1);
        String copy = baseUrl() + "/files/uploads/" + uploads.incrementAndGet() + "-" + name;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("fileName", name);
        data.put("filePath", body.path("uploadPath").asString("") + "/" + name);
        data.put("fileUrl", copy);
        data.put("downloadUrl", copy);
        data.put("fileSize", 16);
        data.put("mimeType", name.endsWith(".mp4") ? "video/mp4" : "image/png");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("code", 200);
        answer.put("msg", "File uploaded successfully");
        answer.put("data", data);
        send(exchange, 200, "application/json", JsonCodec.toBytes(answer));
    }

    private static void file(WireExchange exchange, String path) throws IOException {
        if (path.endsWith(".mp4")) {
            send(exchange, 200, "video/mp4", MP4_BYTES);
        } else if (path.endsWith(".png")) {
            send(exchange, 200, "image/png", PNG_BYTES);
        } else if (path.endsWith(".mp3")) {
            send(exchange, 200, "audio/mpeg", MP3_BYTES);
        } else {
            send(exchange, 404, "text/plain", "no such file".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void envelope(WireExchange exchange, int code, String msg, Object data) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", code);
        answer.put("msg", msg);
        answer.put("data", data);
        // Kie answers its error codes inside an HTTP 200
        send(exchange, 200, "application/json", JsonCodec.toBytes(answer));
    }

    private static void send(WireExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.send(status, contentType, body);
    }

    private static String taskId(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("taskId=")) {
                return URLDecoder.decode(pair.substring("taskId=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : JsonCodec.mapper().readTree(bytes);
        } catch (JacksonException e) {
            return null;
        }
    }
}
