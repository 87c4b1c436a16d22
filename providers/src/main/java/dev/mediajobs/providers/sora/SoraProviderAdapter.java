package dev.mediajobs.providers.sora;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.http.AdapterSettings;
import dev.mediajobs.providers.http.GenerateStatusAdapter;
import dev.mediajobs.providers.http.LenientTaskAnswers;
import dev.mediajobs.providers.http.VideoGenerateRequest;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sora 2 video (reference document 001, "Sora 2 API"; notes in docs/providers/sora.md):
 * {@code POST <base>/v1/video/generate} with {@code Authorization: Bearer <key>} and {@code {prompt, duration,
 * resolution, fps, reference_images}}, answered with a {@code video_id}.
 *
 * <p><b>Status:</b> the document gives no status call. The adapter polls {@code GET <base>/v1/video/status/{video_id}}
 * with the same key: the one status call of the same document (Nanobanana's
 * {@code POST /image/generate} → {@code GET /image/status/{task_id}}) put beside Sora's own generate path, i.e. the
 * protocol family this document describes. Its answer is read leniently (status word, progress, video URL under the
 * usual names; see {@link GenerateStatusAdapter}), and a generate answer that already carries a finished status and
 * the video URL is taken as the outcome without a poll. Videos poll every 10 s (the document gives no interval).
 *
 * <p>A 429 without Retry-After waits the document's 60 s. The document names no Sora limit beyond the beta's 5
 * requests per minute and 100 videos per month, so the adapter checks no duration or size range of its own.
 */
public final class SoraProviderAdapter extends GenerateStatusAdapter {

    public static final String ID = "sora";
    public static final String DEFAULT_BASE_URL = "https://api.sora.ai";
    public static final List<String> MODELS = List.of("sora-2");
    static final String GENERATE_PATH = "/v1/video/generate";
    static final String STATUS_PATH = "/v1/video/status/";
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 10_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 1_800;

    /**
     * The document shows only {@code video_id} in the generate answer and no status answer at all, so the video URL
     * is looked for in {@code video_url}, {@code url}, {@code output_url}, {@code output}, {@code videos} or
     * {@code result_url}. The document's usage tracking counts videos.
     */
    private static final Calls CALLS = new Calls(GENERATE_PATH, STATUS_PATH, "Sora video id",
            new LenientTaskAnswers(ID, "video_id",
                    List.of("video_url", "url", "output_url", "output", "videos", "result_url"), "videos"),
            "Sora 2 makes videos only");

    public SoraProviderAdapter(ProviderSettings settings) {
        super(AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, GENERATE_PATH), CALLS, SoraProviderAdapter::describe);
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return SoraRequestRules.check(request);
    }

    /** The document's generate body plus the input images as {@code reference_images}, a list of URLs. */
    @Override
    protected Map<String, Object> generateBody(ProviderRequest request) {
        List<String> images = request.input().imageUrls();
        return VideoGenerateRequest.body(request, images.isEmpty() ? Map.of() : Map.of("reference_images", images));
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("operation", "text-to-video; image-to-video (the input images are sent as reference_images)");
        constraints.put("model", "optional; " + MODELS);
        constraints.put("input.prompt", "required, also for image-to-video");
        constraints.put("input.imageUrls", "required for image-to-video, not taken by text-to-video");
        constraints.put("input.durationSeconds", "optional whole seconds >= 1, default 10");
        constraints.put("input.resolution", "optional: WIDTHxHEIGHT, or 720p / 1080p / ... in the aspect ratio (16:9 "
                + "unless given); default 1920x1080");
        constraints.put("input.aspectRatio", "optional, e.g. 9:16; must agree with an explicit WIDTHxHEIGHT");
        constraints.put("input.*", "negativePrompt, seed and loop are not taken");
        constraints.put("options.fps", "optional whole number >= 1, default 24");
        constraints.put("options.*", "other fields are sent as they are; prompt, duration, resolution and "
                + "reference_images are set from the input");
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("requestsPerMinute", 5);
        limits.put("videosPerMonth", 100);
        limits.put("defaultRetryAfterSeconds", (int) DOCUMENTED_RETRY_AFTER.toSeconds());
        return new ProviderDescriptor(ID, "Sora 2 (video from text and images)",
                EnumSet.of(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO), MODELS,
                Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, Collections.unmodifiableMap(limits),
                "Beta (access by request): free, 5 requests per minute, 100 videos per month. Production pricing and "
                        + "limits: to be announced.",
                false, false);
    }
}
