package dev.mediajobs.providers.openai;

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
import dev.mediajobs.providers.http.FieldChecks;
import dev.mediajobs.providers.http.InputFiles;
import dev.mediajobs.providers.http.MultipartBody;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI DALL-E 3 (document 000, "OpenAI DALL-E 3"; document 001 names it the image fallback): text-to-image through
 * {@code POST /images/generations} (JSON) and image-to-image through {@code POST /images/edits} (multipart form),
 * both with {@code Authorization: Bearer <key>}.
 *
 * <p>OpenAI answers synchronously with the image, so {@link #submit} returns the finished outcome in
 * {@link SubmitResult#immediate()} under a task id made up here ({@code openai-<uuid>}): there is no task at OpenAI
 * and nothing to poll, cancel or find again. {@link #poll} therefore makes no call and answers
 * {@link Kind#NOT_FOUND}. Images come as {@code data[].url} (asset URLs) or {@code data[].b64_json} (inline assets);
 * DALL-E's {@code revised_prompt} goes into the job's result as {@code revisedPrompt}.
 *
 * <p>Where the documents leave room (each in docs/providers/openai.md): the base URL is the API root with its
 * version, {@code https://api.openai.com/v1}, as OpenAI's own clients configure it; edits send no model (the
 * documented form has none) and accept the square sizes 256/512/1024; the edit image, taken from
 * {@code input.imageUrls[0]}, is downloaded (at most 4 MB) and checked to be a square PNG with transparency before
 * the call; {@code input.resolution} and {@code input.aspectRatio} pick the documented size of the same orientation,
 * so document 001's {@code 1920x1080} becomes {@code 1792x1024}; an {@code insufficient_quota} error (a 429 at
 * OpenAI) is {@link Kind#CREDITS}, not a rate limit.
 */
public final class OpenAiProviderAdapter implements ProviderAdapter {

    public static final String ID = "openai";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final List<String> MODELS = List.of(OpenAiRequestRules.MODEL);
    static final String GENERATIONS_PATH = "/images/generations";
    static final String EDITS_PATH = "/images/edits";
    static final String TASK_ID_PREFIX = "openai-";
    /** Nothing is ever polled; an interval in the brief's 3-10 s range for images keeps the descriptor honest. */
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 5_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 120;

    private final String baseUrl;
    private final ProviderHttp http;
    private final InputFiles inputFiles;
    private final ProviderDescriptor descriptor;

    /** Fetches input files under the strict {@link OutboundPolicy} (public addresses only). */
    public OpenAiProviderAdapter(ProviderSettings settings) {
        this(settings, OutboundPolicy.strict());
    }

    /** @param outboundPolicy the SSRF guard for input file URLs (the service's {@code OutboundPolicy} bean) */
    public OpenAiProviderAdapter(ProviderSettings settings, OutboundPolicy outboundPolicy) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, GENERATIONS_PATH);
        this.baseUrl = s.baseUrl();
        this.http = s.http();
        this.inputFiles = s.inputFiles(outboundPolicy);
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return OpenAiRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        FieldChecks.refuseInvalid(ID, validate(request));
        String key = ProviderErrors.usableKey(ID, credentials);
        HttpRequest post = request.operation() == Operation.IMAGE_TO_IMAGE ? edit(request, key) : generation(request, key);
        OpenAiAnswers.Images images = OpenAiAnswers.images(call(post, credentials), http);
        Map<String, Object> result = images.revisedPrompt() == null ? Map.of() : Map.of("revisedPrompt", images.revisedPrompt());
        return new SubmitResult(TASK_ID_PREFIX + UUID.randomUUID(), 0, result, images.outcome());
    }

    /** OpenAI has no task to ask about: the outcome came with the submit. Makes no call. */
    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        throw new ProviderException(Kind.NOT_FOUND, ID, null, "openai image calls are synchronous: the outcome of task "
                + task.taskId() + " was returned at submit and there is no task at OpenAI to poll", null);
    }

    private HttpRequest generation(ProviderRequest request, String key) {
        return http.request(baseUrl, GENERATIONS_PATH)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(ProviderHttp.jsonBody(OpenAiSubmitBody.generation(request)))
                .build();
    }

    private HttpRequest edit(ProviderRequest request, String key) throws ProviderException {
        byte[] png = inputFiles.fetch("input.imageUrls[0]", request.input().imageUrls().getFirst(), OpenAiEditImage.MAX_BYTES).bytes();
        OpenAiEditImage.check(png);
        MultipartBody form = OpenAiSubmitBody.edit(request, png);
        return http.request(baseUrl, EDITS_PATH)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", form.contentType())
                .header("Accept", "application/json")
                .POST(form.publisher())
                .build();
    }

    /** Sends and parses a 2xx answer; every error is a {@link ProviderException} without the key in it. */
    private JsonNode call(HttpRequest request, ProviderCredentials credentials) throws ProviderException {
        try {
            HttpResponse<byte[]> response = http.send(request);
            if (response.statusCode() / 100 != 2) {
                throw OpenAiAnswers.httpError(response, http);
            }
            return http.parseJson(response.body());
        } catch (ProviderException e) {
            // a provider may echo the key it rejected in its error text
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("model", "optional; " + OpenAiRequestRules.MODEL + " for text-to-image; none for image-to-image");
        constraints.put("input.prompt", "required; at most " + OpenAiRequestRules.MAX_PROMPT_CHARS + " characters");
        constraints.put("input.imageUrls", "text-to-image: none; image-to-image: exactly one http(s) URL of a square PNG "
                + "with transparency, smaller than 4 MB (downloaded by the adapter)");
        constraints.put("input.resolution", "optional WIDTHxHEIGHT; text-to-image picks the size of the same orientation "
                + "from " + OpenAiImageSize.GENERATION_SIZES + "; image-to-image: one of " + OpenAiImageSize.EDIT_SIZES);
        constraints.put("input.aspectRatio", "optional; text-to-image picks the size of the same orientation; image-to-image: 1:1");
        constraints.put("options.size", "text-to-image: one of " + OpenAiImageSize.GENERATION_SIZES + "; image-to-image: one of "
                + OpenAiImageSize.EDIT_SIZES + "; wins over resolution and aspectRatio");
        constraints.put("options.quality", "text-to-image only: standard or hd");
        constraints.put("options.style", "text-to-image only: vivid or natural");
        constraints.put("options.n", "1 (DALL-E 3 makes one image per request)");
        for (String unsupported : List.of("input.negativePrompt", "input.seed", "input.durationSeconds", "input.loop")) {
            constraints.put(unsupported, "not supported");
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        // enforced: the free tier's images per minute, the one limit every account has; raise it to your tier with
        // mediajobs.providers.openai.limits.submits-per-minute
        limits.put("submitsPerMinute", 5);
        limits.put("imagesPerMinuteFreeTier", 5);
        limits.put("imagesPerMinuteTier1to3", 7);
        limits.put("imagesPerMinuteTier4", 15);
        limits.put("imagesPerMinuteTier5", 50);
        limits.put("requestsPerMinutePaid", 3_500);
        return new ProviderDescriptor(ID, "OpenAI DALL-E 3", EnumSet.of(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE),
                MODELS, Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds,
                Collections.unmodifiableMap(limits),
                "DALL-E 3: $0.080 per image at 1024x1024 (document 001). Synchronous: the image comes with the submit; "
                        + "a rejected prompt (content policy) is a 400 and costs nothing.",
                false, false);
    }
}
