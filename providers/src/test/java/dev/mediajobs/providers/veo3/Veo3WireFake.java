package dev.mediajobs.providers.veo3;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Veo3 as the document describes it: {@code POST /v1/video/generate} with {@code Authorization: Bearer <key>} and
 * {@code {prompt, duration, resolution: "1920x1080", fps}}, answered with {@code {"video_id": "..."}}. Errors come in
 * Google's shape, {@code {"error": {"code", "message", "status"}}}.
 *
 * <p>The document has no status call; this fake offers the one the adapter chose, {@code GET
 * /v1/video/status/{video_id}}, answering {@code {video_id, status, progress, video_url, error}} and moving a video
 * one step per call: {@code queued}, {@code processing} (50 %), then {@code completed} with a {@code video_url} on
 * itself (a real MP4 header) — or {@code failed} with an {@code error} when the prompt contains
 * {@value #FAIL_WORD}. Requests missing a documented field, with a wrong type, or with images (the document's
 * request has none) get a 400.
 */
public final class Veo3WireFake implements AutoCloseable {

    public static final String FAIL_WORD = "FAIL";
    public static final String FAILURE_MESSAGE = "the video could not be generated: unsafe content";
    /** An MP4 {@code ftyp} box: enough for anything that sniffs the type. */
    public static final byte[] MP4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '2'};
    private static final Pattern RESOLUTION = Pattern.compile("\\d{2,5}x\\d{2,5}");

    private record Video(String id, boolean fails, AtomicInteger polls) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Video> videos = new ConcurrentHashMap<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    private Veo3WireFake(HttpServer server, ExecutorService executor, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.apiKey = apiKey;
    }

    /** Listens on 127.0.0.1 at a random free port and accepts this key. */
    public static Veo3WireFake start(String apiKey) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "veo3-wire-fake");
                thread.setDaemon(true);
                return thread;
            });
            Veo3WireFake fake = new Veo3WireFake(server, executor, apiKey);
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
                // generated videos are served without the key, like a CDN URL
                sendBytes(exchange, 200, "video/mp4", MP4);
                return;
            }
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                sendJson(exchange, 401, googleError(401, "UNAUTHENTICATED", "invalid or missing API key"));
                return;
            }
            if (method.equals("POST") && path.equals("/v1/video/generate")) {
                generate(exchange, body);
            } else if (method.equals("GET") && path.startsWith("/v1/video/status/")) {
                status(exchange, path.substring("/v1/video/status/".length()));
            } else {
                sendJson(exchange, 404, googleError(404, "NOT_FOUND", "no route " + method + " " + path));
            }
        }
    }

    private void generate(HttpExchange exchange, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            sendJson(exchange, 400, googleError(400, "INVALID_ARGUMENT", "Content-Type must be application/json"));
            return;
        }
        JsonNode request;
        try {
            request = JsonCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            sendJson(exchange, 400, googleError(400, "INVALID_ARGUMENT", "the body is not JSON"));
            return;
        }
        bodies.add(request);
        String problem = problemWith(request);
        if (problem != null) {
            sendJson(exchange, 400, googleError(400, "INVALID_ARGUMENT", problem));
            return;
        }
        String id = "veo3-video-" + ids.incrementAndGet();
        videos.put(id, new Video(id, request.get("prompt").asString().contains(FAIL_WORD), new AtomicInteger()));
        sendJson(exchange, 200, Map.of("video_id", id));
    }

    private void status(HttpExchange exchange, String id) throws IOException {
        Video video = videos.get(id);
        if (video == null) {
            sendJson(exchange, 404, googleError(404, "NOT_FOUND", "video not found"));
            return;
        }
        int poll = video.polls().incrementAndGet();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("video_id", id);
        if (poll == 1) {
            answer.put("status", "queued");
        } else if (poll == 2) {
            answer.put("status", "processing");
            answer.put("progress", 50);
        } else if (video.fails()) {
            answer.put("status", "failed");
            answer.put("error", FAILURE_MESSAGE);
        } else {
            answer.put("status", "completed");
            answer.put("progress", 100);
            answer.put("video_url", baseUrl() + "/files/" + id + ".mp4");
        }
        sendJson(exchange, 200, answer);
    }

    /** What the documented request must hold: prompt, duration, resolution "WxH" and fps, and no images. */
    private static String problemWith(JsonNode request) {
        if (!request.isObject()) {
            return "the body must be a JSON object";
        }
        JsonNode prompt = request.get("prompt");
        if (prompt == null || !prompt.isString() || prompt.asString().isBlank()) {
            return "prompt is required";
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
        if (request.has("reference_images")) {
            return "the generate request takes no images";
        }
        return null;
    }

    private static Map<String, Object> googleError(int code, String status, String message) {
        return Map.of("error", Map.of("code", code, "message", message, "status", status));
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
