package dev.mediajobs.providers;

import java.util.Map;

/**
 * The provider accepted the task.
 *
 * @param taskId             the provider's id for the task
 * @param firstPollAfterMillis how long to wait before the first poll (from the provider's typical duration)
 * @param result             small results returned at submit (e.g. {@code revisedPrompt}); merged into the job
 * @param immediate          for synchronous providers: the finished outcome, so no poll is needed; null otherwise
 */
public record SubmitResult(String taskId, long firstPollAfterMillis, Map<String, Object> result, PollResult immediate) {

    public SubmitResult {
        result = result == null ? Map.of() : Map.copyOf(result);
    }

    public static SubmitResult accepted(String taskId, long firstPollAfterMillis) {
        return new SubmitResult(taskId, firstPollAfterMillis, Map.of(), null);
    }
}
