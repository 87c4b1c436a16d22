package dev.mediajobs.providers.sora;

import dev.mediajobs.providers.testing.GenerateStatusWireFake;
import dev.mediajobs.providers.testing.MediaHeaders;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Sora 2 as the document describes it: {@code POST /v1/video/generate} with {@code Authorization: Bearer <key>} and
 * {@code {prompt, duration, resolution: "1920x1080", fps, reference_images: [url, ...]}}, answered with
 * {@code {"video_id": "..."}}.
 *
 * <p>The document has no status call; this fake offers the one the adapter chose, {@code GET
 * /v1/video/status/{video_id}}, answering {@code {video_id, status, progress, video_url, error}} and moving a video
 * one step per call: {@code queued}, {@code processing} (50 %), then {@code completed} with a {@code video_url} on
 * itself (a real MP4 header) — or {@code failed} with an {@code error} when the prompt contains
 * {@value #FAIL_WORD}. Requests missing a documented field, or with a wrong type, get a 400 with
 * {@code {"error": {"message": "..."}}}.
 */
public final class SoraWireFake extends GenerateStatusWireFake {

    public static final String FAILURE_MESSAGE = "the video could not be generated: unsafe content";
    public static final byte[] MP4 = MediaHeaders.MP4;
    private static final Shape SHAPE = new Shape("/v1/video/generate", "/v1/video/status/", "video_id", "sora-video-",
            "queued", "video_url", new OutputFile(".mp4", "video/mp4", MP4), FAILURE_MESSAGE);

    private SoraWireFake(String apiKey) {
        super("sora-wire-fake", SHAPE, apiKey);
    }

    /** Listens on 127.0.0.1 at a random free port and accepts this key. */
    public static SoraWireFake start(String apiKey) {
        return listening(new SoraWireFake(apiKey));
    }

    @Override
    protected Object errorBody(int status, String message) {
        return Map.of("error", Map.of("message", message));
    }

    /** What the documented request must hold: prompt, duration, resolution "WxH", fps, and URL references. */
    @Override
    protected String problemWith(JsonNode request) {
        String video = videoBodyProblem(request);
        if (video != null) {
            return video;
        }
        JsonNode references = request.get("reference_images");
        if (references != null) {
            if (!references.isArray() || references.isEmpty()) {
                return "reference_images must be a non-empty array of URLs";
            }
            for (JsonNode url : references) {
                if (!url.isString() || !isHttpUrl(url.asString())) {
                    return "reference_images must be http(s) URLs";
                }
            }
        }
        return null;
    }
}
