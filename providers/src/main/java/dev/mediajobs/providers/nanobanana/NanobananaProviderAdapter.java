package dev.mediajobs.providers.nanobanana;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.http.AdapterSettings;
import dev.mediajobs.providers.http.GenerateStatusAdapter;
import dev.mediajobs.providers.http.LenientTaskAnswers;
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
 * names; see {@link GenerateStatusAdapter}); a generate answer that already carries a finished status is taken as the
 * outcome. The document gives no poll interval: images poll every 5 s. A 429 without Retry-After waits the
 * document's 60 s. The document's fallback (Nanobanana fails → OpenAI DALL-E 3) is the dispatcher's business: every
 * {@link ProviderException} with {@link ProviderException#allowsFallback()} is one where it applies.
 */
public final class NanobananaProviderAdapter extends GenerateStatusAdapter {

    public static final String ID = "nanobanana";
    public static final String DEFAULT_BASE_URL = "https://api.nanobananaapi.ai";
    public static final List<String> MODELS = List.of("nanobanana-pro");
    static final String GENERATE_PATH = "/image/generate";
    static final String STATUS_PATH = "/image/status/";
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 5_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    /**
     * The generate answer is documented only as far as its {@code task_id}; the status answer not at all, so the image
     * URL is looked for in {@code image_url}, {@code image_urls}, {@code images}, {@code output}, {@code result_url} or
     * {@code url}. The document's usage tracking counts images: one generate call makes one image.
     */
    private static final Calls CALLS = new Calls(GENERATE_PATH, STATUS_PATH, "Nanobanana task id",
            new LenientTaskAnswers(ID, "task_id",
                    List.of("image_url", "image_urls", "images", "output", "result_url", "url"), "images"),
            "Nanobanana Pro makes images only");

    public NanobananaProviderAdapter(ProviderSettings settings) {
        super(AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, GENERATE_PATH), CALLS, NanobananaProviderAdapter::describe);
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return NanobananaRequestRules.check(request);
    }

    @Override
    protected Map<String, Object> generateBody(ProviderRequest request) {
        return NanobananaSubmitBody.of(request);
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
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
