package dev.mediajobs.providers.runware;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.http.ProviderHttp;
import dev.mediajobs.providers.runware.RunwareErrors.RunwareError;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads Runware's answers: {@code {"data": [...], "errors": [...]}}, where the items of {@code data} carry the
 * {@code taskUUID} they belong to and, once the task runs, a {@code status} of {@code processing}, {@code success},
 * {@code failed} or {@code error}. Anything else is a malformed answer.
 */
final class RunwareAnswers {

    /** Kinds that say "not now" or "not with this key" rather than "this task failed": they are thrown, never a FAILED poll. */
    private static final Set<Kind> CALL_LEVEL = Set.of(Kind.AUTH, Kind.CREDITS, Kind.RATE_LIMITED, Kind.TRANSIENT, Kind.NOT_FOUND);
    private static final int MAX_MESSAGE_CHARS = 500;

    private RunwareAnswers() {
    }

    /** The answer as a JSON object; an HTTP error (with or without {@code errors[]}) as its {@link ProviderException}. */
    static JsonNode object(HttpResponse<byte[]> response, ProviderHttp http) throws ProviderException {
        int status = response.statusCode();
        if (status / 100 != 2) {
            List<RunwareError> errors = RunwareErrors.in(tryParse(response.body()));
            if (!errors.isEmpty()) {
                throw RunwareErrors.exception(status, errors, ProviderHttp.retryAfter(response).orElse(null));
            }
            throw http.errorFor(response);
        }
        JsonNode answer = http.parseJson(response.body());
        if (!answer.isObject()) {
            throw http.malformed("expected a JSON object with data and errors, got " + answer.getNodeType());
        }
        return answer;
    }

    /**
     * The acknowledgement of a videoInference task: empty when it was merely accepted (async), the finished outcome
     * when Runware delivered it at once ({@code deliveryMethod: "sync"}).
     */
    static Optional<PollResult> accepted(JsonNode answer, String taskUUID, ProviderHttp http) throws ProviderException {
        List<RunwareError> errors = RunwareErrors.in(answer);
        if (!errors.isEmpty()) {
            throw RunwareErrors.exception(null, errors, null);
        }
        List<JsonNode> mine = itemsOf(answer, taskUUID, http);
        if (mine.isEmpty()) {
            throw http.malformed("no data item acknowledges task " + taskUUID);
        }
        if (mine.stream().noneMatch(item -> ProviderHttp.text(item, "status") != null)) {
            return Optional.empty();
        }
        PollResult outcome = pollResult(answer, taskUUID, http);
        return outcome.status() == PollResult.Status.SUCCEEDED || outcome.status() == PollResult.Status.FAILED
                ? Optional.of(outcome) : Optional.empty();
    }

    /** Whether a getResponse answer knows the task at all (for finding a task again by its taskUUID). */
    static boolean knows(JsonNode answer, String taskUUID, ProviderHttp http) throws ProviderException {
        for (RunwareError error : errorsAbout(answer, taskUUID)) {
            Kind kind = RunwareErrors.kind(null, error.code());
            if (kind == Kind.NOT_FOUND) {
                return false;
            }
            if (CALL_LEVEL.contains(kind)) {
                throw RunwareErrors.exception(null, List.of(error), null);
            }
        }
        JsonNode data = answer.get("data");
        return data != null && data.isArray() && !itemsOf(answer, taskUUID, http).isEmpty();
    }

    /** A getResponse answer as a poll result. */
    static PollResult pollResult(JsonNode answer, String taskUUID, ProviderHttp http) throws ProviderException {
        List<RunwareError> errors = errorsAbout(answer, taskUUID);
        for (RunwareError error : errors) {
            if (CALL_LEVEL.contains(RunwareErrors.kind(null, error.code()))) {
                throw RunwareErrors.exception(null, List.of(error), null);
            }
        }
        JsonNode data = answer.get("data");
        if ((data == null || data.isNull() || data.isArray() && data.isEmpty()) && !errors.isEmpty()) {
            return failed(errors, null, false);
        }
        List<JsonNode> mine = itemsOf(answer, taskUUID, http);
        if (mine.isEmpty()) {
            // Runware has not listed the task yet (it may just have been submitted): the task timeout bounds the wait
            return PollResult.pending();
        }
        boolean running = false;
        JsonNode failedItem = null;
        for (JsonNode item : mine) {
            String status = ProviderHttp.text(item, "status");
            if (status == null) {
                throw http.malformed("a data item of task " + taskUUID + " has no status");
            }
            switch (status) {
                case "processing" -> running = true;
                case "success" -> requireVideoUrl(item, http);
                case "failed", "error" -> failedItem = failedItem == null ? item : failedItem;
                default -> throw http.malformed("unknown task status '" + cut(status) + "'");
            }
        }
        if (failedItem != null) {
            // the document: "failed" → check the error message; "error" → retry or contact support
            return failed(errors, failedItem, "error".equals(ProviderHttp.text(failedItem, "status")));
        }
        if (running) {
            return PollResult.running(null);
        }
        return succeeded(mine, http);
    }

    private static PollResult succeeded(List<JsonNode> items, ProviderHttp http) throws ProviderException {
        List<ProviderAsset> assets = new ArrayList<>();
        List<String> videoUUIDs = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        for (JsonNode item : items) {
            assets.add(new ProviderAsset(requireVideoUrl(item, http), null, null));
            addIfPresent(videoUUIDs, ProviderHttp.text(item, "videoUUID"));
            addIfPresent(seeds, ProviderHttp.text(item, "seed"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (!videoUUIDs.isEmpty()) {
            result.put("videoUUIDs", videoUUIDs);
        }
        if (!seeds.isEmpty()) {
            // as text: Runware's seeds (9121768170631298021) are near the end of a long's range
            result.put("seeds", seeds);
        }
        return new PollResult(PollResult.Status.SUCCEEDED, 100, assets, null, result, null, 0);
    }

    private static PollResult failed(List<RunwareError> errors, JsonNode item, boolean retryable) {
        String message = errors.isEmpty() ? null : errors.stream().map(RunwareError::describe).reduce((a, b) -> a + "; " + b).orElse(null);
        if (message == null && item != null) {
            message = firstText(item, "message", "error", "errorMessage");
        }
        return PollResult.failed(new JobError(ErrorCodes.PROVIDER_TASK_FAILED,
                message == null ? "runware reported the task as " + (item == null ? "failed" : ProviderHttp.text(item, "status"))
                        : cut(message), retryable, RunwareProviderAdapter.ID));
    }

    private static String requireVideoUrl(JsonNode item, ProviderHttp http) throws ProviderException {
        String url = ProviderHttp.text(item, "videoURL");
        if (url == null || !RunwareRequestRules.isHttpUrl(url)) {
            throw http.malformed("a successful task has no http(s) videoURL");
        }
        return url;
    }

    /** The items of {@code data} that belong to the task; {@code data} must be an array. */
    private static List<JsonNode> itemsOf(JsonNode answer, String taskUUID, ProviderHttp http) throws ProviderException {
        JsonNode data = answer.get("data");
        if (data == null || !data.isArray()) {
            throw http.malformed("the answer has no data array");
        }
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode item : data) {
            if (!item.isObject()) {
                throw http.malformed("a data item is not an object");
            }
            if (taskUUID.equals(ProviderHttp.text(item, "taskUUID"))) {
                mine.add(item);
            }
        }
        return mine;
    }

    /** Errors naming this task, or naming no task (then they concern the whole request). */
    private static List<RunwareError> errorsAbout(JsonNode answer, String taskUUID) {
        return RunwareErrors.in(answer).stream()
                .filter(e -> e.taskUUID() == null || e.taskUUID().equals(taskUUID))
                .toList();
    }

    private static JsonNode tryParse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : JsonCodec.mapper().readTree(body);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String text = ProviderHttp.text(node, field);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "…" : s;
    }
}
