package dev.mediajobs.providers.runway;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.ProviderRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body of {@code POST /image_to_video}, from a validated request. */
final class RunwaySubmitBody {

    static final String DEFAULT_MODEL = "gen3a_turbo";
    /** The document's example, and the cheaper length: a job that does not ask for 10 s is not billed for 10 s. */
    static final int DEFAULT_DURATION_SECONDS = 5;

    private RunwaySubmitBody() {
    }

    static Map<String, Object> of(ProviderRequest request) {
        JobInput input = request.input();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("promptText", input.prompt());
        body.put("model", request.model() != null ? request.model() : DEFAULT_MODEL);
        body.put("duration", input.durationSeconds() != null ? input.durationSeconds() : DEFAULT_DURATION_SECONDS);
        if (input.aspectRatio() != null) {
            body.put("ratio", input.aspectRatio());
        }
        if (!input.imageUrls().isEmpty()) {
            body.put("promptImage", input.imageUrls().getFirst());
        }
        return body;
    }
}
