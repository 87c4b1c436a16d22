package dev.mediajobs.providers.nanobanana;

import dev.mediajobs.providers.testing.GenerateStatusWireFake;
import dev.mediajobs.providers.testing.MediaHeaders;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Nanobanana Pro as the document describes it: {@code POST /image/generate} with {@code Authorization: Bearer <key>}
 * and {@code {prompt, width, height, steps, guidance_scale, reference_images: [{url, strength}]}}, answered with
 * {@code {"task_id": "..."}}; {@code GET /image/status/{task_id}}.
 *
 * <p>The document shows no status answer; this fake answers {@code {task_id, status, progress, image_url, error}}
 * and moves a task one step per status call: {@code pending}, {@code processing} (50 %), then {@code completed}
 * with an {@code image_url} on itself (a real PNG header) — or {@code failed} with an {@code error} when the prompt
 * contains {@value #FAIL_WORD}. Requests missing a documented field, or with a wrong type, get a 400 with
 * {@code {"error": "..."}}.
 */
public final class NanobananaWireFake extends GenerateStatusWireFake {

    public static final String FAILURE_MESSAGE = "content policy violation";
    public static final byte[] PNG = MediaHeaders.PNG;
    private static final int MAX_SIDE = 4096;
    private static final Shape SHAPE = new Shape("/image/generate", "/image/status/", "task_id", "nb-task-", "pending",
            "image_url", new OutputFile(".png", "image/png", PNG), FAILURE_MESSAGE);

    private NanobananaWireFake(String apiKey) {
        super("nanobanana-wire-fake", SHAPE, apiKey);
    }

    /** Listens on 127.0.0.1 at a random free port and accepts this key. */
    public static NanobananaWireFake start(String apiKey) {
        return listening(new NanobananaWireFake(apiKey));
    }

    @Override
    protected Object errorBody(int status, String message) {
        return Map.of("error", message);
    }

    /** What the documented request must hold: a prompt, a size, steps, guidance_scale, and well-formed references. */
    @Override
    protected String problemWith(JsonNode request) {
        String prompt = promptProblem(request);
        if (prompt != null) {
            return prompt;
        }
        for (String side : List.of("width", "height")) {
            JsonNode v = request.get(side);
            if (v == null || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_SIDE) {
                return side + " must be a whole number 1-" + MAX_SIDE;
            }
        }
        JsonNode steps = request.get("steps");
        if (steps == null || !steps.isIntegralNumber() || steps.asInt() < 1) {
            return "steps must be a whole number >= 1";
        }
        JsonNode guidance = request.get("guidance_scale");
        if (guidance == null || !guidance.isNumber()) {
            return "guidance_scale must be a number";
        }
        JsonNode references = request.get("reference_images");
        if (references != null) {
            if (!references.isArray()) {
                return "reference_images must be an array";
            }
            for (JsonNode reference : references) {
                JsonNode url = reference.get("url");
                JsonNode strength = reference.get("strength");
                if (url == null || !url.isString() || !isHttpUrl(url.asString())) {
                    return "every reference image needs an http(s) url";
                }
                if (strength == null || !strength.isNumber() || strength.asDouble() < 0 || strength.asDouble() > 1) {
                    return "every reference image needs a strength 0-1";
                }
            }
        }
        return null;
    }
}
