package dev.mediajobs.providers.gemini;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.http.AdapterSettings;
import dev.mediajobs.providers.http.BearerJsonApi;
import dev.mediajobs.providers.http.ProviderHttp;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Gemini for text: screenplays from a brief, visual-style descriptions, image prompts from a shot (reference
 * document 001, "Google Gemini API"; notes in docs/providers/gemini.md).
 *
 * <p>The document shows no endpoint: it calls {@code invokeLLM({messages})} and reads
 * {@code response.choices[0].message.content}, i.e. the chat-completions shape, with a {@code GEMINI_API_KEY} from
 * Google AI Studio. Gemini speaks exactly that shape at its OpenAI-compatible endpoint, so this adapter sends
 * {@code POST <base>/chat/completions} with {@code Authorization: Bearer <key>} and {@code {model, messages}} to
 * {@value #DEFAULT_BASE_URL} by default. The model defaults to {@value #DEFAULT_MODEL}, the model
 * {@code invokeLLM} sends.
 *
 * <p>The call is synchronous: {@link #submit} returns the finished outcome ({@link SubmitResult#immediate()}) with the
 * text as a {@code text/plain; charset=utf-8} inline asset, a preview, the model and the token usage (the document's
 * usage tracking) in its result. A blocked prompt or answer (a 200 without text, {@code finish_reason}
 * {@code content_filter}) is an {@link Kind#INVALID_REQUEST} at submit, with Gemini's reason. Gemini keeps no task, so
 * there is nothing to poll: {@link #poll} makes no call and answers {@link Kind#NOT_FOUND}, which fails a job that
 * reaches it with a message saying why.
 *
 * <p>{@code options.purpose} ({@code script}, {@code visual-style}, {@code image-prompt}) sends the document's own
 * system message and user wording for that task; {@code options.system} replaces the system message. A 429 without
 * Retry-After waits for Google's {@code RetryInfo}, else the document's 60 s.
 */
public final class GeminiProviderAdapter implements ProviderAdapter {

    public static final String ID = "gemini";
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta/openai";
    public static final String DEFAULT_MODEL = "gemini-2.5-flash";
    public static final List<String> MODELS = List.of(DEFAULT_MODEL, "gemini-2.5-pro", "gemini-2.5-flash-lite",
            "gemini-2.0-flash", "gemini-2.0-flash-lite");
    static final String COMPLETIONS_PATH = "/chat/completions";
    /** The document's rate-limit handler: {@code error.headers['retry-after'] || 60}. */
    static final Duration DOCUMENTED_RETRY_AFTER = Duration.ofSeconds(60);
    /** Never used for polling (the answer comes with the submit); positive because the descriptor requires it. */
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 1_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 300;

    private final ProviderHttp http;
    private final BearerJsonApi api;
    private final ProviderDescriptor descriptor;

    public GeminiProviderAdapter(ProviderSettings settings) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, COMPLETIONS_PATH);
        this.http = s.http();
        // Google's error body decides what some errors are: a wrong key is a 400, a 429 may say how long to wait
        this.api = BearerJsonApi.at(s).mappingErrors(response -> GeminiAnswers.errorFor(response, http));
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return GeminiRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        if (request.operation() != Operation.TEXT) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "Gemini is used for text generation only", null);
        }
        String model = request.model() != null ? request.model() : DEFAULT_MODEL;
        return api.post(COMPLETIONS_PATH, GeminiChatBody.of(request, model), credentials,
                answer -> GeminiAnswers.completed(answer, request, model, http));
    }

    /** Gemini keeps no task: the text came with the submit answer. No call is made. */
    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        throw new ProviderException(Kind.NOT_FOUND, ID, null, "Gemini answers synchronously: the text of task "
                + task.taskId() + " came with the submit answer, and Gemini keeps no task that could be polled", null);
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("operation", "text only");
        constraints.put("model", "optional, default " + DEFAULT_MODEL + "; one of " + MODELS);
        constraints.put("input.prompt", "required: the brief, the brief to describe, or the shot to write an image prompt for");
        constraints.put("input.*", "no other input field (negativePrompt, imageUrls, aspectRatio, durationSeconds, "
                + "resolution, seed, loop) is taken");
        constraints.put("options.purpose", "optional; one of " + GeminiPurpose.wireNames()
                + ": sends the document's system message and user wording for that task");
        constraints.put("options.system", "optional non-empty text: the system message (replaces the purpose's)");
        constraints.put("options.technicalRequirements", "optional text, only with purpose visual-style");
        constraints.put("options.temperature", "optional number");
        constraints.put("options.max_tokens", "optional whole number >= 1");
        constraints.put("options.*", "other chat-completions fields (top_p, response_format, ...) are sent as they are; "
                + "model, messages and stream are set by the adapter");
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("requestsPerMinute", 60);
        limits.put("requestsPerDay", 1_500);
        limits.put("defaultRetryAfterSeconds", (int) DOCUMENTED_RETRY_AFTER.toSeconds());
        return new ProviderDescriptor(ID, "Google Gemini (text: scripts, visual style, image prompts)",
                EnumSet.of(Operation.TEXT), MODELS, Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds,
                Collections.unmodifiableMap(limits),
                "Free tier: 60 requests per minute, 1,500 requests per day. Paid (pay-as-you-go, higher limits): "
                        + "$0.075 per 1M input tokens, $0.30 per 1M output tokens. Each job's token usage is in "
                        + "result.usage. Synchronous: the text is the job's output (text/plain).",
                false, false);
    }
}
