package dev.mediajobs.providers.runway;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.http.AdapterSettings;
import dev.mediajobs.providers.http.BearerJsonApi;
import dev.mediajobs.providers.http.FieldChecks;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runway Gen-3 (document 000, "Runway Gen-3"): {@code POST /image_to_video} submits, {@code GET /tasks/{id}} polls,
 * both with {@code Authorization: Bearer <key>} and {@code X-Runway-Version: 2024-11-06}.
 *
 * <p>Where the document leaves room (each in docs/providers/runway.md): the one endpoint is titled "Text-to-Video /
 * Image-to-Video" with {@code promptImage} optional, so text-to-video is offered through it without a promptImage;
 * the base URL is the API root with its version, {@code https://api.runwayml.com/v1}; {@code model} defaults to
 * {@code gen3a_turbo} and {@code duration} to 5 s (the document's example) when the job does not say; the task's
 * failure text is read from {@code failure} (Runway's field; the document shows none); THROTTLED and CANCELLED,
 * which Runway answers but the document does not list, read as pending and canceled. The document has no cancel call
 * and no client task id, so neither is supported.
 */
public final class RunwayProviderAdapter implements ProviderAdapter {

    public static final String ID = "runway";
    public static final String DEFAULT_BASE_URL = "https://api.runwayml.com/v1";
    /** The API version the document's requests carry. */
    public static final String API_VERSION = "2024-11-06";
    public static final String VERSION_HEADER = "X-Runway-Version";
    public static final List<String> MODELS = RunwayRequestRules.MODELS;
    static final String SUBMIT_PATH = "/image_to_video";
    static final String TASKS_PATH = "/tasks/";
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 5_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 300;

    private final ProviderHttp http;
    private final BearerJsonApi api;
    private final ProviderDescriptor descriptor;

    public RunwayProviderAdapter(ProviderSettings settings) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, SUBMIT_PATH);
        this.http = s.http();
        this.api = BearerJsonApi.at(s).withHeader(VERSION_HEADER, API_VERSION);
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return RunwayRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        FieldChecks.refuseInvalid(ID, validate(request));
        String taskId = api.post(SUBMIT_PATH, RunwaySubmitBody.of(request), credentials,
                answer -> RunwayTaskAnswers.taskId(api.unlessEnvelope(answer, "id"), http));
        return SubmitResult.accepted(taskId, descriptor.defaultPollIntervalMillis());
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        String taskId = api.pathSegment(task.taskId(), "runway task id");
        return api.get(TASKS_PATH + taskId, credentials,
                answer -> RunwayTaskAnswers.pollResult(api.unlessEnvelope(answer, "status"), http));
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("model", "optional; one of " + MODELS + " (default " + RunwaySubmitBody.DEFAULT_MODEL
                + ": fastest; gen3a: higher quality)");
        constraints.put("input.prompt", "required (promptText), also for image-to-video");
        constraints.put("input.imageUrls", "text-to-video: none; image-to-video: exactly one http(s) URL (promptImage)");
        constraints.put("input.durationSeconds", "optional; 5 or 10 (default " + RunwaySubmitBody.DEFAULT_DURATION_SECONDS + ")");
        constraints.put("input.aspectRatio", "optional; one of " + RunwayRequestRules.RATIOS);
        for (String unsupported : List.of("input.negativePrompt", "input.seed", "input.resolution", "input.loop")) {
            constraints.put(unsupported, "not supported");
        }
        constraints.put("options.*", "none: every documented field comes from the input");
        return new ProviderDescriptor(ID, "Runway Gen-3", EnumSet.of(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO),
                MODELS, Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, Map.of(),
                "Billed in Runway credits; the rate limit depends on the subscription plan (see the Runway dashboard). "
                        + "The document: gen3a_turbo is faster and uses more credits, gen3a is slower and uses fewer. "
                        + "Tasks take 30-90 s on average.",
                false, false);
    }
}
