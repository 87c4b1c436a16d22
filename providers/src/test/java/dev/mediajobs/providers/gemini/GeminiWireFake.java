package dev.mediajobs.providers.gemini;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Gemini's OpenAI-compatible chat-completions endpoint as the adapter uses it: {@code POST
 * /v1beta/openai/chat/completions} with {@code Authorization: Bearer <key>} and {@code {model, messages}}, answered
 * with {@code {id, model, choices: [{message: {role, content}, finish_reason}], usage}}.
 *
 * <p>Like Google, it answers a wrong key with a 400 {@code INVALID_ARGUMENT} / {@code API_KEY_INVALID} (wrapped in a
 * one-element array, as the compatible endpoint does) and a missing one with a 401. A request whose user message
 * contains {@value #BLOCKED_WORD} is blocked: 200, no content, {@code finish_reason: "content_filter"}. The text of
 * every other answer is {@code "Gemini fake answer to: <user message>"}; {@link #recordedBodies()} keeps what was
 * sent, so tests can check field names.
 */
public final class GeminiWireFake extends WireFakeServer {

    public static final String BLOCKED_WORD = "BLOCKED";
    public static final String ANSWER_PREFIX = "Gemini fake answer to: ";
    static final String COMPLETIONS = "/v1beta/openai/chat/completions";
    private static final List<String> ROLES = List.of("system", "user", "assistant");

    private final String apiKey;
    private final AtomicInteger completions = new AtomicInteger();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    private GeminiWireFake(String apiKey) {
        super("gemini-wire-fake");
        this.apiKey = apiKey;
    }

    /** Listens on 127.0.0.1 at a random free port and accepts this key. */
    public static GeminiWireFake start(String apiKey) {
        return listening(new GeminiWireFake(apiKey));
    }

    /** The base URL to configure: {@code http://127.0.0.1:<port>/v1beta/openai}, like Google's. */
    @Override
    public String baseUrl() {
        return rootUrl() + "/v1beta/openai";
    }

    /** The JSON bodies of all chat-completion requests, oldest first. */
    public List<JsonNode> recordedBodies() {
        return List.copyOf(bodies);
    }

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        if (!exchange.path().equals(COMPLETIONS)) {
            send(exchange, 404, googleError(404, "NOT_FOUND", "no route " + exchange.path(), null));
            return;
        }
        if (!"POST".equals(exchange.method())) {
            send(exchange, 405, googleError(405, "INVALID_ARGUMENT", "use POST", null));
            return;
        }
        String authorization = exchange.header("Authorization");
        if (authorization == null) {
            send(exchange, 401, googleError(401, "UNAUTHENTICATED", "Request is missing required authentication credential.", null));
            return;
        }
        if (!authorization.equals("Bearer " + apiKey)) {
            // Google's answer to a wrong key: a 400, in an array at the compatible endpoint
            send(exchange, 400, List.of(googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    "API_KEY_INVALID")));
            return;
        }
        String contentType = exchange.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            send(exchange, 400, googleError(400, "INVALID_ARGUMENT", "Content-Type must be application/json", null));
            return;
        }
        Optional<JsonNode> request = exchange.json();
        if (request.isEmpty()) {
            send(exchange, 400, googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null));
            return;
        }
        bodies.add(request.get());
        String problem = problemWith(request.get());
        if (problem != null) {
            send(exchange, 400, googleError(400, "INVALID_ARGUMENT", problem, null));
            return;
        }
        send(exchange, 200, completion(request.get()));
    }

    /** What Gemini would reject: the fields the chat-completions request must have, with the right types. */
    private static String problemWith(JsonNode request) {
        if (!request.isObject()) {
            return "the request must be a JSON object";
        }
        JsonNode model = request.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            return "model is required";
        }
        JsonNode stream = request.get("stream");
        if (stream != null && stream.isBoolean() && stream.asBoolean()) {
            return "this fake does not stream";
        }
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "messages must be a non-empty array";
        }
        for (JsonNode message : messages) {
            JsonNode role = message.get("role");
            JsonNode content = message.get("content");
            if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
                return "every message needs a role of " + ROLES;
            }
            if (content == null || !content.isString()) {
                return "every message needs a text content";
            }
        }
        if (!"user".equals(messages.get(messages.size() - 1).get("role").asString())) {
            return "the last message must be the user's";
        }
        return null;
    }

    private Map<String, Object> completion(JsonNode request) {
        JsonNode messages = request.get("messages");
        String user = messages.get(messages.size() - 1).get("content").asString();
        boolean blocked = user.contains(BLOCKED_WORD);
        String text = blocked ? null : ANSWER_PREFIX + user;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", text);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", blocked ? "content_filter" : "stop");
        int promptTokens = user.length() / 4 + 1;
        int outputTokens = text == null ? 0 : text.length() / 4 + 1;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "fake-completion-" + completions.incrementAndGet());
        answer.put("object", "chat.completion");
        answer.put("created", System.currentTimeMillis() / 1000);
        answer.put("model", request.get("model").asString());
        answer.put("choices", List.of(choice));
        answer.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", outputTokens,
                "total_tokens", promptTokens + outputTokens));
        return answer;
    }

    static Map<String, Object> googleError(int code, String status, String message, String reason) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (reason != null) {
            error.put("details", List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", reason,
                    "domain", "googleapis.com")));
        }
        return Map.of("error", error);
    }

    /** Google answers JSON with its charset, unlike {@link WireExchange#sendJson}. */
    private static void send(WireExchange exchange, int status, Object json) throws IOException {
        exchange.send(status, "application/json; charset=UTF-8", JsonCodec.toBytes(json));
    }
}
