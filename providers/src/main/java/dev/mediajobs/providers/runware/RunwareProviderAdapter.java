package dev.mediajobs.providers.runware;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.http.AdapterSettings;
import dev.mediajobs.providers.http.FieldChecks;
import dev.mediajobs.providers.http.InputFiles;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Runware video inference (reference document 002): one endpoint, {@code POST https://api.runware.ai/v1}, taking
 * arrays of tasks with a {@code Authorization: Bearer} key.
 *
 * <ul>
 *   <li>Submit: {@code [{"taskType": "videoInference", "taskUUID": <job id>, "positivePrompt", "model", "duration",
 *       "width", "height", "deliveryMethod": "async", ...}]}. The taskUUID is chosen by us: the job id, so
 *       {@link #findByClientTaskId} can ask {@code getResponse} for it after a crash instead of paying twice.</li>
 *   <li>Poll: {@code [{"taskType": "getResponse", "taskUUID"}]}; {@code processing} → RUNNING, {@code success} →
 *       SUCCEEDED with each item's {@code videoURL}, {@code failed} / {@code error} → FAILED (an {@code error} is
 *       retryable, as the document says "Retry or contact support").</li>
 *   <li>Model constraints as tabled: Kling ({@code klingai:5@3}, {@code klingai:5@1}) 5 or 10 s, 1920x1080 /
 *       1080x1920 / 1080x1080, no seed, no fps; native {@code runware:*} 5–30 s, any size, seed and fps.</li>
 *   <li>Errors: {@code errors[]} entries ({@code code, message, parameter, ...}) map by code (the document's codes,
 *       then the wording), unless the HTTP status speaks for itself (401/403, 402, 429, 5xx).</li>
 * </ul>
 *
 * <p>Choices where the document is silent or ambiguous (also in docs/providers/runware.md): image-to-video sends the
 * input images as {@code frameImages}, fetched and Base64-encoded as the document says ("Base64 encoded images"), at
 * most two (first and last frame); for text-to-video, input images are {@code referenceImages} URLs. The submit
 * acknowledgement must name our taskUUID. A getResponse that does not list the task yet is PENDING (the task timeout
 * bounds that). The document shows no status for a sync delivery's answer other than the task's own, so a
 * {@code deliveryMethod: "sync"} answer that already carries the finished task is returned as
 * {@link SubmitResult#immediate()}. There is no cancel call.
 */
public final class RunwareProviderAdapter implements ProviderAdapter {

    public static final String ID = "runware";
    public static final String DEFAULT_BASE_URL = "https://api.runware.ai/v1";
    /** "Polling Intervals: Use 10-15 second delays between status checks." */
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 10_000;
    /** "Timeout Handling: Set reasonable timeouts (5-10 minutes)." */
    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    /** Runware's own limit is not documented; large enough for a 1080p still, small enough for a dispatcher's heap. */
    static final long MAX_FRAME_IMAGE_BYTES = 10L * 1024 * 1024;

    private final URI endpoint;
    private final Duration requestTimeout;
    private final ProviderHttp http;
    private final InputFiles inputFiles;
    private final ProviderDescriptor descriptor;

    /** Fetches input files under the strict {@link OutboundPolicy} (public addresses only). */
    public RunwareProviderAdapter(ProviderSettings settings) {
        this(settings, OutboundPolicy.strict());
    }

    /** @param outboundPolicy the SSRF guard for input file URLs (the service's {@code OutboundPolicy} bean) */
    public RunwareProviderAdapter(ProviderSettings settings, OutboundPolicy outboundPolicy) {
        // the endpoint is the base URL itself, so that is what must be a URI (a configuration error fails at startup)
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, "");
        this.endpoint = URI.create(s.baseUrl());
        this.requestTimeout = s.requestTimeout();
        this.http = s.http();
        this.inputFiles = s.inputFiles(outboundPolicy);
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return RunwareRequestRules.check(request);
    }

    /** The document lists {@code webhookURL}, "Callback URL for completion", for async processing. */
    @Override
    public boolean acceptsCallbackUrl() {
        return true;
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        FieldChecks.refuseInvalid(ID, validate(request));
        String key = ProviderErrors.usableKey(ID, credentials);
        String taskUUID = RunwareTaskBody.taskUUID(request.clientTaskId());
        List<String> frames = needsFrames(request) ? frames(request.input().imageUrls()) : null;
        JsonNode answer = call(RunwareTaskBody.videoInference(request, taskUUID, frames), key, credentials);
        try {
            Optional<PollResult> done = RunwareAnswers.accepted(answer, taskUUID, http);
            return new SubmitResult(taskUUID, done.isPresent() ? 0 : descriptor.defaultPollIntervalMillis(), Map.of(), done.orElse(null));
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        if (task.taskId() == null || task.taskId().isBlank()) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "the task has no Runware taskUUID", null);
        }
        String key = ProviderErrors.usableKey(ID, credentials);
        JsonNode answer = call(RunwareTaskBody.getResponse(task.taskId()), key, credentials);
        try {
            return RunwareAnswers.pollResult(answer, task.taskId(), http);
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    /** Asks getResponse for the taskUUID a submit of this request would have used: the job id. */
    @Override
    public Optional<SubmitResult> findByClientTaskId(ProviderRequest request, ProviderCredentials credentials)
            throws ProviderException {
        if (request.clientTaskId() == null || request.clientTaskId().isBlank()) {
            return Optional.empty();
        }
        String key = ProviderErrors.usableKey(ID, credentials);
        String taskUUID = RunwareTaskBody.taskUUID(request.clientTaskId());
        JsonNode answer = call(RunwareTaskBody.getResponse(taskUUID), key, credentials);
        try {
            return RunwareAnswers.knows(answer, taskUUID, http)
                    ? Optional.of(SubmitResult.accepted(taskUUID, descriptor.defaultPollIntervalMillis()))
                    : Optional.empty();
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    private static boolean needsFrames(ProviderRequest request) {
        return request.operation() == Operation.IMAGE_TO_VIDEO && !request.options().containsKey("frameImages");
    }

    /** The input images as Base64, fetched without any Runware header (their host must never see the key). */
    private List<String> frames(List<String> imageUrls) throws ProviderException {
        List<String> frames = new ArrayList<>(imageUrls.size());
        for (int i = 0; i < imageUrls.size(); i++) {
            byte[] image = inputFiles.fetch("input.imageUrls[" + i + "]", imageUrls.get(i), MAX_FRAME_IMAGE_BYTES).bytes();
            frames.add(Base64.getEncoder().encodeToString(image));
        }
        return frames;
    }

    /** Posts a task array; the answer as a JSON object, every error a {@link ProviderException} without the key. */
    private JsonNode call(List<Map<String, Object>> tasks, String key, ProviderCredentials credentials) throws ProviderException {
        // the document posts to the base URL itself ("https://api.runware.ai/v1"), so no path is joined to it
        HttpRequest post = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(ProviderHttp.jsonBody(tasks))
                .build();
        try {
            return RunwareAnswers.object(http.send(post), http);
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("model", "optional (default " + RunwareModels.DEFAULT_MODEL + "); one of " + RunwareModels.LISTED
                + " or another runware:<id>@<version>");
        constraints.put("input.prompt", "required (positivePrompt)");
        constraints.put("input.durationSeconds", "Kling: 5 or 10; runware:*: 5-30; default 5");
        constraints.put("input.resolution", "WIDTHxHEIGHT or e.g. 1080p; Kling: " + RunwareVideoSize.KLING_SIZES
                + "; runware:* any; default 1920x1080");
        constraints.put("input.aspectRatio", "e.g. 16:9; picks the size when no resolution is given (Kling: 16:9, 9:16 or 1:1)");
        constraints.put("input.seed", "not supported by Kling models");
        constraints.put("input.imageUrls", "image-to-video: 1-" + RunwareRequestRules.MAX_FRAME_IMAGES
                + " frames, sent as Base64 frameImages (at most " + MAX_FRAME_IMAGE_BYTES / (1024 * 1024)
                + " MiB each); text-to-video: sent as referenceImages URLs");
        constraints.put("input.loop", "not supported");
        RunwareRequestRules.OPTION_RULES.forEach((name, rule) -> constraints.put("options." + name, rule));
        // "Rate Limits and Quotas: Requests per minute: 60, Concurrent tasks: 10", under the shared limiter's names;
        // concurrentTasks stays for clients that read it before the limiter existed
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("requestsPerMinute", 60);
        limits.put("maxConcurrentTasks", 10);
        limits.put("concurrentTasks", 10);
        return new ProviderDescriptor(ID, "Runware (Kling video)",
                Collections.unmodifiableSet(EnumSet.copyOf(RunwareRequestRules.OPERATIONS)), RunwareModels.LISTED,
                Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, Collections.unmodifiableMap(limits),
                "Billed per video by model and duration (5 s costs less than 10 s); daily quota varies by plan. "
                        + "The document gives no prices.",
                false, true);
    }
}
