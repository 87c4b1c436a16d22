package dev.mediajobs.providers.veo3;

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
 * Veo3, Google's video model (reference document 001, "Veo3 API"; notes in docs/providers/veo3.md):
 * {@code POST <base>/v1/video/generate} with {@code Authorization: Bearer <key>} and {@code {prompt, duration,
 * resolution, fps}}, answered with a {@code video_id}. Text-to-video only: the document's request has no images.
 *
 * <p><b>Status:</b> the document gives no status call, and its generate answer is read for a {@code video_id}, not for
 * the name of a long-running operation, so nothing hints at Google's operations API. The adapter polls
 * {@code GET <base>/v1/video/status/{video_id}} with the same key: the one status call of the same document
 * (Nanobanana's {@code POST /image/generate} → {@code GET /image/status/{task_id}}) put beside Veo3's own generate
 * path. Its answer is read leniently (status word, progress, video URL under the usual names; see
 * {@link GenerateStatusAdapter}); a generate answer that already carries a finished status and the video URL is taken
 * as the outcome without a poll; Google-style {@code {"error": {"code", "message", "status"}}} bodies are understood.
 * Videos poll every 10 s (the document gives no interval).
 *
 * <p>A 429 without Retry-After waits the document's 60 s. The document states 10 requests per minute and a free tier
 * of 100 minutes per month, then $0.10 per minute; it names no duration or size range, so the adapter checks none.
 */
public final class Veo3ProviderAdapter extends GenerateStatusAdapter {

    public static final String ID = "veo3";
    public static final String DEFAULT_BASE_URL = "https://veo3.googleapis.com";
    public static final List<String> MODELS = List.of("veo-3");
    static final String GENERATE_PATH = "/v1/video/generate";
    static final String STATUS_PATH = "/v1/video/status/";
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 10_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 1_800;

    /**
     * The document shows only {@code video_id} in the generate answer and no status answer at all, so the video URL
     * is looked for in {@code video_url}, {@code url}, {@code output_url}, {@code output}, {@code videos} or
     * {@code result_url}. The document's usage tracking counts videos.
     */
    private static final Calls CALLS = new Calls(GENERATE_PATH, STATUS_PATH, "Veo3 video id",
            new LenientTaskAnswers(ID, "video_id",
                    List.of("video_url", "url", "output_url", "output", "videos", "result_url"), "videos"),
            "Veo3 makes videos from text only");

    public Veo3ProviderAdapter(ProviderSettings settings) {
        super(AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, GENERATE_PATH), CALLS, Veo3ProviderAdapter::describe);
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return Veo3RequestRules.check(request);
    }

    @Override
    protected Map<String, Object> generateBody(ProviderRequest request) {
        return VideoGenerateRequest.body(request, Map.of());
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("operation", "text-to-video only");
        constraints.put("model", "optional; " + MODELS);
        constraints.put("input.prompt", "required");
        constraints.put("input.durationSeconds", "optional whole seconds >= 1, default 10");
        constraints.put("input.resolution", "optional: WIDTHxHEIGHT, or 720p / 1080p / ... in the aspect ratio (16:9 "
                + "unless given); default 1920x1080");
        constraints.put("input.aspectRatio", "optional, e.g. 9:16; must agree with an explicit WIDTHxHEIGHT");
        constraints.put("input.*", "imageUrls, negativePrompt, seed and loop are not taken");
        constraints.put("options.fps", "optional whole number >= 1, default 24");
        constraints.put("options.*", "other fields are sent as they are; prompt, duration and resolution are set from "
                + "the input");
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("requestsPerMinute", 10);
        limits.put("freeMinutesPerMonth", 100);
        limits.put("defaultRetryAfterSeconds", (int) DOCUMENTED_RETRY_AFTER.toSeconds());
        return new ProviderDescriptor(ID, "Veo3 (Google video from text)", EnumSet.of(Operation.TEXT_TO_VIDEO), MODELS,
                Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, Collections.unmodifiableMap(limits),
                "Free tier: 100 minutes of video per month; then pay-as-you-go at $0.10 per minute. 10 requests per minute.",
                false, false);
    }
}
