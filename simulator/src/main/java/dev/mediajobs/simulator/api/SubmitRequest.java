package dev.mediajobs.simulator.api;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/tasks}, checked field by field; every problem is an {@link ApiError} naming the field.
 *
 * @param params   checked to be an object, then ignored: not kept with the task, so that memory stays bounded
 * @param simulate how the test wants this task to behave; null fields fall back to the server's configuration
 */
record SubmitRequest(String clientTaskId, Operation operation, String model, String prompt, Map<String, Object> params,
                     Simulate simulate) {

    static final int MAX_CLIENT_TASK_ID_CHARS = 200;
    static final int MAX_PROMPT_CHARS = 10_000;
    static final long MAX_DURATION_MS = 3_600_000;

    /**
     * @param fails      null: decided by the failure rate
     * @param durationMs null: uniform between the configured bounds
     * @param failOnPoll fail at the first poll instead of at the end of the duration
     */
    record Simulate(Boolean fails, Long durationMs, boolean failOnPoll) {
        static final Simulate NONE = new Simulate(null, null, false);
    }

    static SubmitRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JsonCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiError.invalidRequest("the body is not valid JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw ApiError.invalidRequest("the body must be a JSON object", null);
        }
        Operation operation = operation(root.get("operation"));
        String prompt = optionalText(root, "prompt");
        boolean promptOptional = operation == Operation.IMAGE_TO_VIDEO || operation == Operation.VIDEO_TO_VIDEO;
        if (!promptOptional && (prompt == null || prompt.isBlank())) {
            throw ApiError.invalidRequest("prompt is required", "prompt");
        }
        if (prompt != null && prompt.length() > MAX_PROMPT_CHARS) {
            throw ApiError.invalidRequest("prompt is longer than " + MAX_PROMPT_CHARS + " characters", "prompt");
        }
        String clientTaskId = optionalText(root, "clientTaskId");
        if (clientTaskId != null && (clientTaskId.isBlank() || clientTaskId.length() > MAX_CLIENT_TASK_ID_CHARS)) {
            throw ApiError.invalidRequest("clientTaskId must be 1-" + MAX_CLIENT_TASK_ID_CHARS + " characters", "clientTaskId");
        }
        return new SubmitRequest(clientTaskId, operation, optionalText(root, "model"), prompt, params(root.get("params")),
                simulate(root.get("simulate")));
    }

    private static Operation operation(JsonNode node) {
        String names = Arrays.stream(Operation.values()).map(Operation::wireName).toList().toString();
        if (node == null || node.isNull()) {
            throw ApiError.invalidRequest("operation is required, one of " + names, "operation");
        }
        return Arrays.stream(Operation.values())
                .filter(o -> node.isString() && o.wireName().equals(node.stringValue()))
                .findFirst()
                .orElseThrow(() -> ApiError.invalidRequest("operation must be one of " + names, "operation"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiError.invalidRequest("params must be an object", "params");
        }
        return JsonCodec.mapper().convertValue(node, Map.class);
    }

    private static Simulate simulate(JsonNode node) {
        if (node == null || node.isNull()) {
            return Simulate.NONE;
        }
        if (!node.isObject()) {
            throw ApiError.invalidRequest("simulate must be an object", "simulate");
        }
        Boolean fails = null;
        String outcome = optionalText(node, "outcome", "simulate.outcome");
        if (outcome != null) {
            fails = switch (outcome) {
                case "succeed" -> false;
                case "fail" -> true;
                default -> throw ApiError.invalidRequest("simulate.outcome must be succeed or fail", "simulate.outcome");
            };
        }
        Long durationMs = null;
        JsonNode duration = node.get("durationMs");
        if (duration != null && !duration.isNull()) {
            if (!duration.isIntegralNumber() || !duration.canConvertToLong()
                    || duration.longValue() < 0 || duration.longValue() > MAX_DURATION_MS) {
                throw ApiError.invalidRequest("simulate.durationMs must be an integer 0-" + MAX_DURATION_MS, "simulate.durationMs");
            }
            durationMs = duration.longValue();
        }
        JsonNode failOnPoll = node.get("failOnPoll");
        if (failOnPoll != null && !failOnPoll.isNull() && !failOnPoll.isBoolean()) {
            throw ApiError.invalidRequest("simulate.failOnPoll must be true or false", "simulate.failOnPoll");
        }
        return new Simulate(fails, durationMs, failOnPoll != null && failOnPoll.asBoolean());
    }

    private static String optionalText(JsonNode parent, String field) {
        return optionalText(parent, field, field);
    }

    private static String optionalText(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiError.invalidRequest(path + " must be a string", path);
        }
        return node.stringValue();
    }
}
