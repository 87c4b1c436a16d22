package dev.mediajobs.providers.nanobanana;

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
import dev.mediajobs.providers.http.LenientTaskAnswers;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nanobanana Pro images (reference document 001, "Nanobanana Pro API"; notes in docs/providers/nanobanana.md):
 * {@code POST <base>/image/generate} with {@code Authorization: Bearer <key>} and {@code {prompt, width, height, steps,
 * guidance_scale, reference_images: [{url, strength}]}}, answered with a {@code task_id}; then
 * {@code GET <base>/image/status/{task_id}} until done.
 *
 * <p>The document shows no status answer, so it is read leniently (status word, progress, image URL under the usual
 * names; see {@link LenientTaskAnswers}); a generate answer that already carries a finished status is taken as the
 * outcome. The document gives no poll interval: images poll every 5 s. A 429 without Retry-After waits the
 * document's 60 s. The document's fallback (Nanobanana fails → OpenAI DALL-E 3) is the dispatcher's business: every
 * {@link ProviderException} with {@link ProviderException#allowsFallback()} is one where it applies.
 */
public final class NanobananaProviderAdapter implements ProviderAdapter {

    public static final String ID = "nanobanana";
    public static final String DEFAULT_BASE_URL = "https://api.nanobananaapi.ai";
    public static final List<String> MODELS = List.of("nanobanana-pro");
    static final String GENERATE_PATH = "/image/generate";
    static final String STATUS_PATH = "/image/status/";
    /** The document's rate-limit handler: {@code error.headers['retry-after'] || 60}. */
    static final Duration DOCUMENTED_RETRY_AFTER = Duration.ofSeconds(60);
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 5_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    /**
     * The generate answer is documented only as far as its {@code task_id}; the status answer not at all, so the image
     * URL is looked for in {@code image_url}, {@code image_urls}, {@code images}, {@code output}, {@code result_url} or
     * {@code url}. The document's usage tracking counts images: one generate call makes one image.
     */
    private static final LenientTaskAnswers ANSWERS = new LenientTaskAnswers(ID, "task_id",
            List.of("image_url", "image_urls", "images", "output", "result_url", "url"), "images");

    private final ProviderHttp http;
    private final BearerJsonApi api;
    private final ProviderDescriptor descriptor;

    public NanobananaProviderAdapter(ProviderSettings settings) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, GENERATE_PATH);
        this.http = s.http();
        this.api = BearerJsonApi.at(s).rewritingErrors(e -> ProviderErrors.withRetryAfterWhenAbsent(e, DOCUMENTED_RETRY_AFTER));
        this.descriptor = describe(s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS), s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS));
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return NanobananaRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        if (request.operation() != Operation.TEXT_TO_IMAGE && request.operation() != Operation.IMAGE_TO_IMAGE) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "Nanobanana Pro makes images only", null);
        }
        return api.post(GENERATE_PATH, NanobananaSubmitBody.of(request), credentials,
                answer -> ANSWERS.accepted(answer, descriptor.defaultPollIntervalMillis(), http));
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        String taskId = api.pathSegment(task.taskId(), "Nanobanana task id");
        return api.get(STATUS_PATH + taskId, credentials, answer -> ANSWERS.status(answer, http));
    }

    private static ProviderDescriptor describe(long pollMillis, long timeoutSeconds) {
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("operation", "text-to-image; image-to-image (the input images are sent as reference_images)");
        constraints.put("model", "optional; " + MODELS);
        constraints.put("input.prompt", "required");
        constraints.put("input.imageUrls", "required for image-to-image, not taken by text-to-image");
        constraints.put("input.resolution", "optional: 1K, 2K or 4K (longer side 1024/2048/4096 in the aspect ratio, "
                + "16:9 unless given), or WIDTHxHEIGHT with both sides at most 4096; default 1920x1080");
        constraints.put("input.aspectRatio", "optional, e.g. 16:9; must agree with an explicit WIDTHxHEIGHT");
        constraints.put("input.*", "negativePrompt, durationSeconds, seed and loop are not taken");
        constraints.put("options.steps", "optional whole number >= 1, default 30");
        constraints.put("options.guidance_scale", "optional number > 0, default 7.5");
        constraints.put("options.reference_strength", "optional number 0-1 for every reference image, default 0.7");
        constraints.put("options.*", "other fields are sent as they are; prompt, width, height and reference_images "
                + "are set from the input");
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("requestsPerMinute", 10);
        limits.put("imagesPerDayFreeTier", 5);
        limits.put("defaultRetryAfterSeconds", (int) DOCUMENTED_RETRY_AFTER.toSeconds());
        return new ProviderDescriptor(ID, "Nanobanana Pro (images 1K/2K/4K, reference images)",
                EnumSet.of(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE), MODELS,
                Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, Collections.unmodifiableMap(limits),
                "Free tier: 5 images per day, 10 requests per minute. Pro: $9.99/month for 100 images; Premium: "
                        + "$29.99/month for 500 images (unlimited requests with a paid plan); Enterprise: custom. "
                        + "The document falls back to OpenAI DALL-E 3 when Nanobanana fails.",
                false, false);
    }
}
