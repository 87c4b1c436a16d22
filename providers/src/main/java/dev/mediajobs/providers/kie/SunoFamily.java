package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Suno music: {@code POST /api/v1/generate}, {@code POST /api/v1/generate/extend} (when {@code options.audioId} is
 * set: {@code {audioId, prompt, continueAt, ...}}), and {@code GET /api/v1/generate/record-info} with a
 * {@code status} ({@code SUCCESS}, {@code PENDING}, "etc.") and {@code response.sunoData[].audioUrl}. Of the
 * statuses the document leaves to "etc.", Kie's {@code TEXT_SUCCESS} and {@code FIRST_SUCCESS} (a first track is
 * ready) are RUNNING, and any {@code ..._FAILED}, {@code ..._ERROR} or {@code ..._EXCEPTION} is a failed task.
 * {@code customMode} and {@code instrumental} are always sent (false unless given): Kie requires them.
 */
final class SunoFamily implements KieFamily {

    static final String ID = "suno";
    static final String AUDIO_ID_OPTION = "audioId";
    private static final List<String> MODELS = List.of("V3_5", "V4", "V4_5", "V5");
    /** The document names none; V4_5 is the newest but one, a balance of quality and price. */
    private static final String DEFAULT_MODEL = "V4_5";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return MODELS;
    }

    @Override
    public String defaultModel(Operation operation) {
        return DEFAULT_MODEL;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.MUSIC);
    }

    @Override
    public long pollIntervalMillis() {
        return 10_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", "Suno: " + MODELS + " (default " + DEFAULT_MODEL + ")");
        rules.put("options.customMode", "true or false (default false)");
        rules.put("options.instrumental", "true or false (default false)");
        rules.put("options.style", "text");
        rules.put("options.title", "text");
        rules.put("options.audioId", "extends that Suno track (POST /api/v1/generate/extend)");
        rules.put("options.continueAt", "extend: where to continue, in seconds (>= 0)");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Suno");
        checks.unsupported(job, "Suno", "negativePrompt", "imageUrls", "aspectRatio", "durationSeconds", "resolution", "seed", "loop");
        checks.optionBoolean(job, "customMode");
        checks.optionBoolean(job, "instrumental");
        checks.optionText(job, "style");
        checks.optionText(job, "title");
        checks.optionText(job, AUDIO_ID_OPTION);
        Object continueAt = job.option("continueAt");
        if (continueAt != null && !(continueAt instanceof Number n && n.doubleValue() >= 0)) {
            checks.invalid("options.continueAt", "options.continueAt must be a number of seconds >= 0");
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        body.put("prompt", job.prompt());
        body.put("model", job.model());
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        if (job.hasOption(AUDIO_ID_OPTION)) {
            return new KieSubmission("/api/v1/generate/extend", body, ID);
        }
        body.putIfAbsent("customMode", false);
        body.putIfAbsent("instrumental", false);
        return new KieSubmission("/api/v1/generate", body, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        ProviderHttp http = calls.http();
        JsonNode data = KieRecords.record(calls, "/api/v1/generate/record-info", kieTaskId);
        return switch (status(data, http)) {
            case PENDING -> KieRecords.pending(pollIntervalMillis());
            case RUNNING -> KieRecords.running(null, pollIntervalMillis());
            case FAILED -> KieRecords.failed(KieRecords.failureMessage(data, "kie reported the Suno task as " + ProviderHttp.text(data, "status")));
            case SUCCEEDED -> tracks(data, http);
        };
    }

    /** Suno's status vocabulary, shared with lyrics. */
    static PollResult.Status status(JsonNode data, ProviderHttp http) throws ProviderException {
        String status = ProviderHttp.text(data, "status");
        if (status == null) {
            throw http.malformed("the Suno record has no status");
        }
        if (status.equals("SUCCESS")) {
            return PollResult.Status.SUCCEEDED;
        }
        if (status.equals("PENDING")) {
            return PollResult.Status.PENDING;
        }
        if (status.equals("TEXT_SUCCESS") || status.equals("FIRST_SUCCESS")) {
            return PollResult.Status.RUNNING;
        }
        if (status.endsWith("_FAILED") || status.endsWith("_ERROR") || status.endsWith("_EXCEPTION")) {
            return PollResult.Status.FAILED;
        }
        throw http.malformed("unknown Suno status '" + (status.length() > 40 ? status.substring(0, 40) : status) + "'");
    }

    private static PollResult tracks(JsonNode data, ProviderHttp http) throws ProviderException {
        JsonNode tracks = data.path("response").path("sunoData");
        if (!tracks.isArray()) {
            throw http.malformed("a successful Suno record has no response.sunoData");
        }
        List<String> urls = new ArrayList<>();
        List<String> audioIds = new ArrayList<>();
        for (JsonNode track : tracks) {
            String url = ProviderHttp.text(track, "audioUrl");
            if (url != null && !url.isBlank()) {
                urls.add(url);
            }
            String id = ProviderHttp.text(track, "id");
            if (id != null) {
                audioIds.add(id);
            }
        }
        // the track ids are what options.audioId of a later extend job names
        Map<String, Object> result = audioIds.isEmpty() ? Map.of() : Map.of("audioIds", audioIds);
        return KieRecords.succeeded(urls, "audio/mpeg", result, http);
    }
}
