package dev.mediajobs.providers.simulator;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the simulator's task JSON. Anything that does not fit the protocol is a
 * {@link ProviderException.Kind#MALFORMED_RESPONSE}: the job fails cleanly rather than waiting on a task it cannot read.
 */
final class SimulatorTaskAnswers {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_MESSAGE_CHARS = 500;

    private SimulatorTaskAnswers() {
    }

    static String taskId(JsonNode task, ProviderHttp http) throws ProviderException {
        String id = ProviderHttp.text(task, "id");
        if (id == null || id.isBlank()) {
            throw http.malformed("the task has no id");
        }
        return id;
    }

    static PollResult pollResult(JsonNode task, ProviderHttp http) throws ProviderException {
        String status = ProviderHttp.text(task, "status");
        if (status == null) {
            throw http.malformed("the task has no status");
        }
        return switch (status) {
            case "queued" -> PollResult.pending();
            case "running" -> PollResult.running(progress(task));
            case "succeeded" -> PollResult.succeeded(assets(task, http));
            case "failed" -> PollResult.failed(new JobError(ErrorCodes.PROVIDER_TASK_FAILED, failureMessage(task), false,
                    SimulatorProviderAdapter.ID));
            case "canceled" -> PollResult.failed(new JobError(ErrorCodes.CANCELED, "the task was canceled at the simulator",
                    false, SimulatorProviderAdapter.ID));
            default -> throw http.malformed("unknown task status '" + cut(status) + "'");
        };
    }

    private static Integer progress(JsonNode task) {
        JsonNode progress = task.get("progress");
        return progress != null && progress.isNumber() ? (int) Math.max(0, Math.min(100, progress.asLong())) : null;
    }

    private static List<ProviderAsset> assets(JsonNode task, ProviderHttp http) throws ProviderException {
        JsonNode outputs = task.get("outputs");
        if (outputs == null || !outputs.isArray() || outputs.isEmpty()) {
            throw http.malformed("the task succeeded without outputs");
        }
        List<ProviderAsset> assets = new ArrayList<>(outputs.size());
        for (JsonNode output : outputs) {
            String url = ProviderHttp.text(output, "url");
            if (url == null || !isHttpUrl(url)) {
                throw http.malformed("an output has no http(s) url");
            }
            String sha256 = ProviderHttp.text(output, "sha256");
            if (sha256 != null && !SHA256_HEX.matcher(sha256.toLowerCase(Locale.ROOT)).matches()) {
                throw http.malformed("an output's sha256 is not 64 hex digits");
            }
            assets.add(new ProviderAsset(url, ProviderHttp.text(output, "contentType"),
                    sha256 == null ? null : sha256.toLowerCase(Locale.ROOT)));
        }
        return assets;
    }

    private static String failureMessage(JsonNode task) {
        String message = ProviderHttp.text(task.path("error"), "message");
        return message == null || message.isBlank() ? "the simulator reported the task as failed" : cut(message);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "…" : s;
    }
}
