package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Suno lyrics: {@code POST /api/v1/lyrics {prompt}}. The document gives no status endpoint for lyrics; like every
 * other Kie submit path it has a {@code record-info} beside it, {@code GET /api/v1/lyrics/record-info} (Kie's own),
 * with Suno's status words and the lyrics in {@code response.data[]} ({@code {text, title}}).
 *
 * <p>Lyrics are text, not a file at a URL: a success carries them as an inline {@code text/plain} asset and as
 * {@code result.lyrics}. They are a {@code music} job (model {@code suno-lyrics}) because the operation {@code text}
 * is one whose results the adapter contract expects as URLs.
 */
final class SunoLyricsFamily implements KieFamily {

    static final String ID = "suno-lyrics";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return List.of(ID);
    }

    @Override
    public String defaultModel(Operation operation) {
        return ID;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.MUSIC);
    }

    @Override
    public long pollIntervalMillis() {
        return 3_000;
    }

    @Override
    public Map<String, String> constraints() {
        return Map.of("model", ID + " (Suno lyrics: a music job whose result is text)");
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Suno lyrics");
        checks.unsupported(job, "Suno lyrics", "negativePrompt", "imageUrls", "aspectRatio", "durationSeconds", "resolution",
                "seed", "loop");
    }

    @Override
    public KieSubmission submission(KieJob job) {
        Map<String, Object> body = job.bodyWithOptions();
        body.put("prompt", job.prompt());
        KieJob.putIfPresent(body, "callBackUrl", job.callbackUrl());
        return new KieSubmission("/api/v1/lyrics", body, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        ProviderHttp http = calls.http();
        JsonNode data = KieRecords.record(calls, "/api/v1/lyrics/record-info", kieTaskId);
        return switch (SunoFamily.status(data, http)) {
            case PENDING -> KieRecords.pending(pollIntervalMillis());
            case RUNNING -> KieRecords.running(null, pollIntervalMillis());
            case FAILED -> KieRecords.failed(KieRecords.failureMessage(data, "kie reported the lyrics task as " + ProviderHttp.text(data, "status")));
            case SUCCEEDED -> lyrics(data, http);
        };
    }

    private static PollResult lyrics(JsonNode data, ProviderHttp http) throws ProviderException {
        JsonNode variants = data.path("response").path("data");
        List<Map<String, String>> lyrics = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        if (variants.isArray()) {
            for (JsonNode variant : variants) {
                String body = ProviderHttp.text(variant, "text");
                if (body == null || body.isBlank()) {
                    continue;
                }
                String title = ProviderHttp.text(variant, "title");
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("title", title == null ? "" : title);
                entry.put("text", body);
                lyrics.add(entry);
                if (!text.isEmpty()) {
                    text.append("\n\n---\n\n");
                }
                text.append(title == null || title.isBlank() ? "" : title + "\n\n").append(body);
            }
        }
        if (lyrics.isEmpty()) {
            throw http.malformed("a successful lyrics record has no response.data[].text");
        }
        PollResult.InlineAsset asset = new PollResult.InlineAsset("text/plain; charset=utf-8",
                text.toString().getBytes(StandardCharsets.UTF_8));
        return new PollResult(PollResult.Status.SUCCEEDED, 100, List.of(), List.of(asset), Map.of("lyrics", lyrics), null, 0);
    }
}
