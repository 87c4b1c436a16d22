package dev.mediajobs.providers.gemini;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.PollResult.InlineAsset;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.http.ErrorEnvelopes;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads Gemini's answers: the chat completion ({@code choices[0].message.content}, as the document reads it) and
 * Google's error bodies ({@code {"error": {"code", "message", "status", "details"}}}, which the OpenAI-compatible
 * endpoint sometimes wraps in a one-element array).
 */
final class GeminiAnswers {

    static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
    static final int PREVIEW_CHARS = 200;
    /** Finish reasons of a blocked prompt or answer: the compatible endpoint's and Gemini's own. */
    private static final List<String> BLOCKING_FINISH_REASONS = List.of("content_filter", "safety", "prohibited",
            "blocklist", "spii", "recitation");
    private static final Pattern SECONDS = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?s");

    private GeminiAnswers() {
    }

    /**
     * The finished outcome of a 2xx answer (a JSON object): the text inline, a preview, the model and the token usage.
     * An answer without text is an exception (see {@link #noText}).
     */
    static SubmitResult completed(JsonNode answer, ProviderRequest request, String model, ProviderHttp http) throws ProviderException {
        Optional<ProviderException> envelope = ErrorEnvelopes.in(answer, GeminiProviderAdapter.ID);
        if (envelope.isPresent()) {
            throw envelope.get();
        }
        JsonNode choices = answer.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            throw http.malformed("the answer has no choices");
        }
        JsonNode choice = choices.get(0);
        String finishReason = ProviderHttp.text(choice, "finish_reason");
        String text = content(choice.get("message"), http);
        if (text == null || text.isBlank()) {
            throw noText(finishReason, http);
        }

        Map<String, Object> result = new LinkedHashMap<>();
        String answeredModel = ProviderHttp.text(answer, "model");
        result.put("model", answeredModel != null ? answeredModel : model);
        if (finishReason != null) {
            result.put("finishReason", finishReason);
        }
        Map<String, Object> usage = usage(answer.get("usage"));
        if (!usage.isEmpty()) {
            result.put("usage", usage);
        }
        String id = ProviderHttp.text(answer, "id");
        String taskId = id != null && !id.isBlank() ? id
                : "gemini-" + (request.clientTaskId() != null ? request.clientTaskId() : UUID.randomUUID().toString());
        result.put("textPreview", text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "…" : text);
        result.put("textChars", text.length());
        PollResult done = new PollResult(PollResult.Status.SUCCEEDED, 100, List.of(),
                List.of(new InlineAsset(TEXT_CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8))), result, null, 0);
        return new SubmitResult(taskId, 0, result, done);
    }

    /**
     * A 200 without text. A blocked prompt or answer ({@code finish_reason} {@code content_filter}, or Gemini's own
     * safety words) is the request's fault: INVALID_REQUEST, so the dispatcher fails the job with Gemini's reason at
     * once (a synchronous provider has no task whose failure a poll could report). Anything else is malformed.
     */
    private static ProviderException noText(String finishReason, ProviderHttp http) {
        String reason = finishReason == null ? "" : finishReason.toLowerCase(Locale.ROOT);
        if (BLOCKING_FINISH_REASONS.stream().anyMatch(reason::contains)) {
            return new ProviderException(Kind.INVALID_REQUEST, GeminiProviderAdapter.ID, null,
                    "Gemini blocked the prompt or its answer (finish_reason: " + finishReason + ")", null);
        }
        return http.malformed("the answer has no text (finish_reason: " + (finishReason == null ? "none" : finishReason) + ")");
    }

    /** An error answer: Google's invalid-key 400 is AUTH; a 429 waits for Google's RetryInfo, else the document's 60 s. */
    static ProviderException errorFor(HttpResponse<byte[]> response, ProviderHttp http) {
        ProviderException mapped = http.errorFor(response);
        JsonNode error = googleError(response.body());
        if (response.statusCode() == 400 && isInvalidKey(error)) {
            return new ProviderException(Kind.AUTH, mapped.provider(), mapped.httpStatus(), mapped.getMessage(), null);
        }
        if (mapped.kind() == Kind.RATE_LIMITED && mapped.retryAfter() == null) {
            Duration retryDelay = retryDelay(error);
            return ProviderErrors.withRetryAfterWhenAbsent(mapped,
                    retryDelay != null ? retryDelay : GeminiProviderAdapter.DOCUMENTED_RETRY_AFTER);
        }
        return mapped;
    }

    private static String content(JsonNode message, ProviderHttp http) throws ProviderException {
        if (message == null || !message.isObject()) {
            throw http.malformed("the first choice has no message");
        }
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            // the content-parts form: [{"type": "text", "text": "..."}]
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                String t = ProviderHttp.text(part, "text");
                if (t != null) {
                    text.append(t);
                }
            }
            return text.toString();
        }
        throw http.malformed("the message content is neither text nor a list of parts");
    }

    private static Map<String, Object> usage(JsonNode usage) {
        Map<String, Object> counts = new LinkedHashMap<>();
        if (usage != null && usage.isObject()) {
            putCount(counts, "inputTokens", usage.get("prompt_tokens"));
            putCount(counts, "outputTokens", usage.get("completion_tokens"));
            putCount(counts, "totalTokens", usage.get("total_tokens"));
        }
        return counts;
    }

    private static void putCount(Map<String, Object> counts, String name, JsonNode value) {
        if (value != null && value.isIntegralNumber()) {
            counts.put(name, value.asLong());
        }
    }

    /** The {@code error} object of a Google error body, or null. */
    private static JsonNode googleError(byte[] body) {
        try {
            JsonNode node = JsonCodec.mapper().readTree(body);
            if (node != null && node.isArray() && !node.isEmpty()) {
                node = node.get(0);
            }
            JsonNode error = node == null ? null : node.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (JacksonException | IllegalArgumentException notJson) {
            return null;
        }
    }

    private static boolean isInvalidKey(JsonNode error) {
        if (error == null) {
            return false;
        }
        String message = ProviderHttp.text(error, "message");
        if (message != null && message.contains("API key not valid")) {
            return true;
        }
        for (JsonNode detail : error.path("details")) {
            String reason = ProviderHttp.text(detail, "reason");
            if (reason != null && reason.startsWith("API_KEY_")) {
                return true;
            }
        }
        return false;
    }

    /** The {@code retryDelay} of a {@code google.rpc.RetryInfo} detail, e.g. {@code "37s"}, or null. */
    private static Duration retryDelay(JsonNode error) {
        if (error == null) {
            return null;
        }
        for (JsonNode detail : error.path("details")) {
            String type = ProviderHttp.text(detail, "@type");
            String delay = ProviderHttp.text(detail, "retryDelay");
            if (type != null && type.endsWith("google.rpc.RetryInfo") && delay != null) {
                Matcher m = SECONDS.matcher(delay.trim());
                if (m.matches()) {
                    long seconds = Long.parseLong(m.group(1));
                    // round a fraction up: retrying a moment early only earns another 429
                    return Duration.ofSeconds(m.group(2) != null && Long.parseLong(m.group(2)) > 0 ? seconds + 1 : seconds);
                }
            }
        }
        return null;
    }
}
