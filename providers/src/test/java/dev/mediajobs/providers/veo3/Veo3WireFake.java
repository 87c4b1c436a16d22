package dev.mediajobs.providers.veo3;

import dev.mediajobs.providers.testing.GenerateStatusWireFake;
import dev.mediajobs.providers.testing.MediaHeaders;
import java.util.Map;
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
public final class Veo3WireFake extends GenerateStatusWireFake {

    public static final String FAILURE_MESSAGE = "the video could not be generated: unsafe content";
    public static final byte[] MP4 = MediaHeaders.MP4;
    private static final Shape SHAPE = new Shape("/v1/video/generate", "/v1/video/status/", "video_id", "veo3-video-",
            "queued", "video_url", new OutputFile(".mp4", "video/mp4", MP4), FAILURE_MESSAGE);
    /** Google's status words for the HTTP statuses this fake answers. */
    private static final Map<Integer, String> GOOGLE_STATUS =
            Map.of(400, "INVALID_ARGUMENT", 401, "UNAUTHENTICATED", 404, "NOT_FOUND");

    private Veo3WireFake(String apiKey) {
        super("veo3-wire-fake", SHAPE, apiKey);
    }

    /** Listens on 127.0.0.1 at a random free port and accepts this key. */
    public static Veo3WireFake start(String apiKey) {
        return listening(new Veo3WireFake(apiKey));
    }

    @Override
    protected Object errorBody(int status, String message) {
        return Map.of("error", Map.of("code", status, "message", message, "status", GOOGLE_STATUS.get(status)));
    }

    /** What the documented request must hold: prompt, duration, resolution "WxH" and fps, and no images. */
    @Override
    protected String problemWith(JsonNode request) {
        String video = videoBodyProblem(request);
        if (video != null) {
            return video;
        }
        if (request.has("reference_images")) {
            return "the generate request takes no images";
        }
        return null;
    }
}
