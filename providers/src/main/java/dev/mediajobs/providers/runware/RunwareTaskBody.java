package dev.mediajobs.providers.runware;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.PixelSize;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The task arrays Runware takes at its one endpoint: {@code [{"taskType": "videoInference", ...}]} to submit and
 * {@code [{"taskType": "getResponse", "taskUUID": ...}]} to poll.
 */
final class RunwareTaskBody {

    private RunwareTaskBody() {
    }

    /**
     * The taskUUID for a request: the job id itself (a UUID), so that a resubmission after a crash asks for the same
     * task and {@code getResponse} finds it. A caller id that is no UUID maps to a name-based UUID of it (still
     * stable); without any id, a random one.
     */
    static String taskUUID(String clientTaskId) {
        if (clientTaskId == null || clientTaskId.isBlank()) {
            return UUID.randomUUID().toString();
        }
        try {
            UUID uuid = UUID.fromString(clientTaskId.trim());
            if (uuid.toString().equalsIgnoreCase(clientTaskId.trim())) {
                return uuid.toString();
            }
        } catch (IllegalArgumentException notAUuid) {
            // falls through to a name-based id
        }
        return UUID.nameUUIDFromBytes(clientTaskId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param frames the input images as Base64 (image-to-video), or null; options may pass {@code frameImages} instead
     */
    static List<Map<String, Object>> videoInference(ProviderRequest request, String taskUUID, List<String> frames) {
        JobInput input = request.input();
        RunwareModels model = RunwareModels.of(request.model()).orElseThrow();
        PixelSize size = RunwareVideoSize.of(input.resolution(), input.aspectRatio(), model).size();

        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskType", "videoInference");
        task.put("taskUUID", taskUUID);
        task.put("positivePrompt", input.prompt());
        task.put("model", request.model() == null ? RunwareModels.DEFAULT_MODEL : request.model());
        task.put("duration", input.durationSeconds() == null ? RunwareModels.DEFAULT_DURATION_SECONDS : input.durationSeconds());
        task.put("width", size.width());
        task.put("height", size.height());
        task.put("deliveryMethod", "async");
        if (input.negativePrompt() != null && !input.negativePrompt().isBlank()) {
            task.put("negativePrompt", input.negativePrompt());
        }
        if (input.seed() != null) {
            task.put("seed", input.seed());
        }
        if (request.operation() == Operation.TEXT_TO_VIDEO && !input.imageUrls().isEmpty()) {
            // "referenceImages: Base64 or URLs, for style transfer": the URLs go as they are
            task.put("referenceImages", input.imageUrls());
        }
        if (frames != null && !frames.isEmpty()) {
            // "frameImages: Base64 encoded images"
            task.put("frameImages", frames);
        }
        if (request.callbackUrl() != null && !request.callbackUrl().isBlank()) {
            task.put("webhookURL", request.callbackUrl());
        }
        // documented options (validated) after the mapped input, so options.deliveryMethod / frameImages win
        task.putAll(request.options());
        return List.of(task);
    }

    static List<Map<String, Object>> getResponse(String taskUUID) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskType", "getResponse");
        task.put("taskUUID", taskUUID);
        return List.of(task);
    }
}
