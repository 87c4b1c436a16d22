package dev.mediajobs.providers.runway;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.AnswerText;
import dev.mediajobs.providers.http.HttpUrls;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads Runway's task JSON ({@code {"id", "status", "output": [url…]}}). The documented statuses are PENDING,
 * RUNNING, SUCCEEDED and FAILED; Runway's API also answers THROTTLED (queued behind the account's concurrency) and
 * CANCELLED, read as pending and canceled rather than failing a job over a word the document left out. Anything else
 * is a {@link ProviderException.Kind#MALFORMED_RESPONSE}.
 */
final class RunwayTaskAnswers {

    private RunwayTaskAnswers() {
    }

    /** The {@code id} of a submit answer ({@code {"id", "status": "PENDING"}}). */
    static String taskId(JsonNode answer, ProviderHttp http) throws ProviderException {
        String id = ProviderHttp.text(answer, "id");
        if (id == null || id.isBlank()) {
            throw http.malformed("the answer has no task id");
        }
        return id;
    }

    static PollResult pollResult(JsonNode task, ProviderHttp http) throws ProviderException {
        String status = ProviderHttp.text(task, "status");
        if (status == null || status.isBlank()) {
            throw http.malformed("the task has no status");
        }
        return switch (status.trim().toUpperCase(Locale.ROOT)) {
            case "PENDING", "THROTTLED" -> PollResult.pending();
            case "RUNNING" -> PollResult.running(progress(task));
            case "SUCCEEDED" -> PollResult.succeeded(outputs(task, http));
            case "FAILED" -> PollResult.failed(failure(task));
            case "CANCELLED", "CANCELED" -> PollResult.failed(new JobError(ErrorCodes.CANCELED,
                    "the task was cancelled at runway", false, RunwayProviderAdapter.ID));
            default -> throw http.malformed("unknown task status '" + AnswerText.cut(status) + "'");
        };
    }

    /** Runway reports progress as a fraction 0-1 (not in the document; used when present). */
    private static Integer progress(JsonNode task) {
        JsonNode progress = task.get("progress");
        if (progress == null || !progress.isNumber()) {
            return null;
        }
        double p = progress.asDouble();
        return (int) Math.max(0, Math.min(100, Math.round(p <= 1 ? p * 100 : p)));
    }

    private static List<ProviderAsset> outputs(JsonNode task, ProviderHttp http) throws ProviderException {
        JsonNode output = task.get("output");
        if (output == null || !output.isArray() || output.isEmpty()) {
            throw http.malformed("the task succeeded without output");
        }
        List<ProviderAsset> assets = new ArrayList<>(output.size());
        for (JsonNode url : output) {
            if (!url.isString() || !HttpUrls.isHttpUrl(url.asString())) {
                throw http.malformed("an output is not an http(s) URL");
            }
            assets.add(ProviderAsset.ofUrl(url.asString()));
        }
        return assets;
    }

    /**
     * The document shows no failure field; Runway's API names the reason {@code failure} and a {@code failureCode}.
     * Only an internal failure may go better on a second try; content moderation and bad inputs will not.
     */
    private static JobError failure(JsonNode task) {
        String message = AnswerText.firstText(task, "failure", "error", "message");
        String code = ProviderHttp.text(task, "failureCode");
        boolean retryable = code != null && code.toUpperCase(Locale.ROOT).startsWith("INTERNAL");
        String text = message != null ? AnswerText.cut(message)
                : "runway reported the task as FAILED" + (code != null ? " (" + AnswerText.cut(code) + ")" : "");
        return new JobError(ErrorCodes.PROVIDER_TASK_FAILED, text, retryable, RunwayProviderAdapter.ID);
    }
}
