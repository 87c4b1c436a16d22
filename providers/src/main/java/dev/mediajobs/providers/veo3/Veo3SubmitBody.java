package dev.mediajobs.providers.veo3;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.PixelSize;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /v1/video/generate}: {@code prompt}, {@code duration} (seconds), {@code resolution}
 * ({@code "1920x1080"}) and {@code fps}, with the document's defaults: 10 s, 1920x1080, 24 fps.
 */
final class Veo3SubmitBody {

    static final int DEFAULT_DURATION_SECONDS = 10;
    static final PixelSize DEFAULT_SIZE = new PixelSize(1920, 1080);
    static final String DEFAULT_ASPECT_RATIO = "16:9";
    static final int DEFAULT_FPS = 24;

    private Veo3SubmitBody() {
    }

    static Map<String, Object> of(ProviderRequest request) {
        JobInput input = request.input();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", input.prompt());
        body.put("duration", input.durationSeconds() != null ? input.durationSeconds() : DEFAULT_DURATION_SECONDS);
        body.put("resolution", size(input).orElse(DEFAULT_SIZE).wire());
        body.put("fps", request.options().getOrDefault(Veo3RequestRules.FPS, DEFAULT_FPS));
        // provider-specific fields the document does not show pass through as they are
        request.options().forEach(body::putIfAbsent);
        return body;
    }

    /**
     * The frame size: {@code WIDTHxHEIGHT} as given, {@code 720p}/{@code 1080p}/… in the aspect ratio (16:9 unless
     * given), 1080p in the aspect ratio when only that is given, else the document's 1920x1080. Empty when the
     * resolution is none of these.
     */
    static Optional<PixelSize> size(JobInput input) {
        if (input.resolution() == null || input.resolution().isBlank()) {
            return Optional.of(PixelSize.isRatio(input.aspectRatio())
                    ? PixelSize.withShortSide(DEFAULT_SIZE.height(), input.aspectRatio()) : DEFAULT_SIZE);
        }
        return PixelSize.ofResolution(input.resolution(), input.aspectRatio(), DEFAULT_ASPECT_RATIO);
    }
}
