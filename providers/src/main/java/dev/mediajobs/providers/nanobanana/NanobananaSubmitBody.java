package dev.mediajobs.providers.nanobanana;

import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.PixelSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /image/generate}: {@code prompt}, {@code width}, {@code height}, {@code steps},
 * {@code guidance_scale} and {@code reference_images: [{url, strength}]}, with the document's defaults (30 steps,
 * guidance 7.5, strength 0.7).
 */
final class NanobananaSubmitBody {

    static final int DEFAULT_STEPS = 30;
    static final double DEFAULT_GUIDANCE_SCALE = 7.5;
    static final double DEFAULT_REFERENCE_STRENGTH = 0.7;
    /** Options that shape a body field rather than being one. */
    private static final Set<String> SHAPING_OPTIONS = Set.of(NanobananaRequestRules.REFERENCE_STRENGTH);

    private NanobananaSubmitBody() {
    }

    static Map<String, Object> of(ProviderRequest request) {
        Map<String, Object> options = request.options();
        PixelSize size = NanobananaImageSize.of(request.input()).orElse(NanobananaImageSize.DOCUMENTED_DEFAULT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", request.input().prompt());
        body.put("width", size.width());
        body.put("height", size.height());
        body.put("steps", options.getOrDefault(NanobananaRequestRules.STEPS, DEFAULT_STEPS));
        body.put("guidance_scale", options.getOrDefault(NanobananaRequestRules.GUIDANCE_SCALE, DEFAULT_GUIDANCE_SCALE));
        List<String> images = request.input().imageUrls();
        if (!images.isEmpty()) {
            Object strength = options.getOrDefault(NanobananaRequestRules.REFERENCE_STRENGTH, DEFAULT_REFERENCE_STRENGTH);
            body.put("reference_images", images.stream().map(url -> reference(url, strength)).toList());
        }
        // provider-specific fields the document does not show (e.g. a seed of its own) pass through as they are
        options.forEach((name, value) -> {
            if (!body.containsKey(name) && !SHAPING_OPTIONS.contains(name)) {
                body.put(name, value);
            }
        });
        return body;
    }

    private static Map<String, Object> reference(String url, Object strength) {
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("url", url);
        reference.put("strength", strength);
        return reference;
    }
}
