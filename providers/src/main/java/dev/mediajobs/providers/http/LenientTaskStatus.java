package dev.mediajobs.providers.http;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a task status answer whose shape the provider's document does not give (it names a status call, or none, but
 * shows no answer). Rather than guess one exact shape, it accepts the usual spellings: a {@code status} (or
 * {@code state}) word, a {@code progress}, output URLs in the fields the adapter names, and a failure text in
 * {@code error} / {@code error_message} / {@code failure_reason} / {@code message}. Anything it cannot place — no
 * status, an unknown status word, success without an http(s) URL — is a malformed answer, so a job fails cleanly
 * instead of waiting on a task nobody can read.
 *
 * <p>Status words (case-insensitive): pending, queued, waiting, submitted, created → PENDING; processing, running,
 * in_progress, generating, started → RUNNING; completed, complete, succeeded, success, done, finished → SUCCEEDED;
 * failed, failure, error, rejected, expired → FAILED; canceled, cancelled → FAILED with {@link ErrorCodes#CANCELED}.
 */
public final class LenientTaskStatus {

    private static final Map<String, PollResult.Status> WORDS = Map.ofEntries(
            Map.entry("pending", PollResult.Status.PENDING), Map.entry("queued", PollResult.Status.PENDING),
            Map.entry("waiting", PollResult.Status.PENDING), Map.entry("submitted", PollResult.Status.PENDING),
            Map.entry("created", PollResult.Status.PENDING),
            Map.entry("processing", PollResult.Status.RUNNING), Map.entry("running", PollResult.Status.RUNNING),
            Map.entry("in_progress", PollResult.Status.RUNNING), Map.entry("generating", PollResult.Status.RUNNING),
            Map.entry("started", PollResult.Status.RUNNING),
            Map.entry("completed", PollResult.Status.SUCCEEDED), Map.entry("complete", PollResult.Status.SUCCEEDED),
            Map.entry("succeeded", PollResult.Status.SUCCEEDED), Map.entry("success", PollResult.Status.SUCCEEDED),
            Map.entry("done", PollResult.Status.SUCCEEDED), Map.entry("finished", PollResult.Status.SUCCEEDED),
            Map.entry("failed", PollResult.Status.FAILED), Map.entry("failure", PollResult.Status.FAILED),
            Map.entry("error", PollResult.Status.FAILED), Map.entry("rejected", PollResult.Status.FAILED),
            Map.entry("expired", PollResult.Status.FAILED),
            Map.entry("canceled", PollResult.Status.FAILED), Map.entry("cancelled", PollResult.Status.FAILED));
    private static final List<String> FAILURE_FIELDS = List.of("error", "error_message", "failure_reason", "message");
    private static final int MAX_MESSAGE_CHARS = 500;

    private final String provider;
    private final List<String> outputFields;

    /**
     * @param outputFields where output URLs may be, in order: each a string URL, an array of string URLs, or an
     *                     array of objects with a {@code url}
     */
    public LenientTaskStatus(String provider, List<String> outputFields) {
        this.provider = provider;
        this.outputFields = List.copyOf(outputFields);
    }

    /** The status word of the answer mapped to a status, when there is a known one. */
    public Optional<PollResult.Status> status(JsonNode answer) {
        String word = statusWord(answer);
        return word == null ? Optional.empty() : Optional.ofNullable(WORDS.get(word.toLowerCase(Locale.ROOT)));
    }

    /** The whole answer as a poll result; {@code result} goes into the job's result on success (e.g. usage). */
    public PollResult read(JsonNode answer, ProviderHttp http, Map<String, Object> result) throws ProviderException {
        if (answer == null || !answer.isObject()) {
            throw http.malformed("expected a JSON object");
        }
        String word = statusWord(answer);
        if (word == null) {
            throw http.malformed("the answer has no status");
        }
        PollResult.Status status = WORDS.get(word.toLowerCase(Locale.ROOT));
        if (status == null) {
            throw http.malformed("unknown status '" + cut(word) + "'");
        }
        return switch (status) {
            case PENDING -> PollResult.pending();
            case RUNNING -> PollResult.running(progress(answer));
            case SUCCEEDED -> new PollResult(PollResult.Status.SUCCEEDED, 100, outputs(answer, http), null, result, null, 0);
            case FAILED -> PollResult.failed(failure(answer, word));
        };
    }

    private JobError failure(JsonNode answer, String word) {
        boolean canceled = word.toLowerCase(Locale.ROOT).startsWith("cancel");
        String message = failureMessage(answer);
        if (canceled) {
            return new JobError(ErrorCodes.CANCELED, message != null ? message : "the task was canceled at " + provider,
                    false, provider);
        }
        return new JobError(ErrorCodes.PROVIDER_TASK_FAILED,
                message != null ? message : provider + " reported the task as " + cut(word) + " without a reason", false, provider);
    }

    private List<ProviderAsset> outputs(JsonNode answer, ProviderHttp http) throws ProviderException {
        List<ProviderAsset> assets = new ArrayList<>();
        for (String field : outputFields) {
            JsonNode value = answer.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            Iterable<JsonNode> items = value.isArray() ? value : List.of(value);
            for (JsonNode item : items) {
                String url = item.isString() ? item.asString() : ProviderHttp.text(item, "url");
                if (url != null && isHttpUrl(url) && assets.stream().noneMatch(a -> a.url().equals(url))) {
                    assets.add(ProviderAsset.ofUrl(url));
                }
            }
        }
        if (assets.isEmpty()) {
            throw http.malformed("the task succeeded without an http(s) output URL in " + outputFields);
        }
        return assets;
    }

    private static String statusWord(JsonNode answer) {
        String status = ProviderHttp.text(answer, "status");
        return status != null && !status.isBlank() ? status.trim() : blankToNull(ProviderHttp.text(answer, "state"));
    }

    private static Integer progress(JsonNode answer) {
        JsonNode progress = answer.get("progress");
        return progress != null && progress.isNumber() ? (int) Math.max(0, Math.min(100, Math.round(progress.asDouble()))) : null;
    }

    private static String failureMessage(JsonNode answer) {
        for (String field : FAILURE_FIELDS) {
            JsonNode value = answer.get(field);
            String text = value == null ? null : value.isObject() ? ProviderHttp.text(value, "message") : ProviderHttp.text(answer, field);
            if (text != null && !text.isBlank()) {
                return cut(text);
            }
        }
        return null;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "…" : s;
    }
}
