package dev.mediajobs.providers.simulator;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.ProviderRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body of {@code POST /v1/tasks}, from the provider-neutral request. */
final class SimulatorSubmitBody {

    private SimulatorSubmitBody() {
    }

    static Map<String, Object> of(ProviderRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "clientTaskId", request.clientTaskId());
        body.put("operation", request.operation().wireName());
        putIfPresent(body, "model", request.model());
        putIfPresent(body, "prompt", request.input().prompt());
        body.put("params", params(request));
        putIfPresent(body, "simulate", request.options().get(SimulatorRequestRules.SIMULATE_OPTION));
        return body;
    }

    /** Provider-specific options, then the neutral input on top: a field of the input wins over an option of the same name. */
    private static Map<String, Object> params(ProviderRequest request) {
        Map<String, Object> params = new LinkedHashMap<>();
        request.options().forEach((name, value) -> {
            if (!name.equals(SimulatorRequestRules.SIMULATE_OPTION)) {
                params.put(name, value);
            }
        });
        JobInput input = request.input();
        putIfPresent(params, "negativePrompt", input.negativePrompt());
        putIfPresent(params, "aspectRatio", input.aspectRatio());
        putIfPresent(params, "durationSeconds", input.durationSeconds());
        putIfPresent(params, "resolution", input.resolution());
        putIfPresent(params, "seed", input.seed());
        putIfPresent(params, "loop", input.loop());
        if (!input.imageUrls().isEmpty()) {
            params.put("imageUrls", input.imageUrls());
        }
        return params;
    }

    private static void putIfPresent(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
