package dev.mediajobs.providers.luma;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.ProviderRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of {@code POST /generations}, from a validated request: {@code prompt}, {@code aspect_ratio} and
 * {@code loop} when given, and {@code keyframes.frame0}, an {@code image} (image-to-video) or a {@code generation}
 * (extension).
 */
final class LumaSubmitBody {

    private LumaSubmitBody() {
    }

    static Map<String, Object> of(ProviderRequest request) {
        JobInput input = request.input();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", input.prompt());
        if (input.aspectRatio() != null) {
            body.put("aspect_ratio", input.aspectRatio());
        }
        if (input.loop() != null) {
            body.put("loop", input.loop());
        }
        Map<String, Object> frame0 = frame0(request);
        if (frame0 != null) {
            body.put("keyframes", Map.of("frame0", frame0));
        }
        return body;
    }

    private static Map<String, Object> frame0(ProviderRequest request) {
        Map<String, Object> frame = new LinkedHashMap<>();
        if (request.options().get(LumaRequestRules.EXTEND_GENERATION_ID) instanceof String generationId) {
            frame.put("type", "generation");
            frame.put("id", generationId);
            return frame;
        }
        if (!request.input().imageUrls().isEmpty()) {
            frame.put("type", "image");
            frame.put("url", request.input().imageUrls().getFirst());
            return frame;
        }
        return null;
    }
}
