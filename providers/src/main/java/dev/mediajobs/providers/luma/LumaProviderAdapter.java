package dev.mediajobs.providers.luma;

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
import dev.mediajobs.providers.http.BearerJsonApi;
import dev.mediajobs.providers.http.FieldChecks;
import dev.mediajobs.providers.http.ProviderHttp;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Luma Dream Machine (documents 000 "Luma AI" and 004 "Luma AI Integration Guidelines"): {@code POST /generations}
 * submits, {@code GET /generations/{id}} polls, both with {@code Authorization: Bearer <key>}. Text-to-video sends a
 * prompt (with {@code aspect_ratio} and {@code loop} when given); image-to-video adds
 * {@code keyframes.frame0 = {type: image, url}}; a text-to-video job with {@code options.extendGenerationId} extends
 * an earlier generation through {@code keyframes.frame0 = {type: generation, id}} (004, "Video Extension").
 *
 * <p>Where the documents leave room (each in docs/providers/luma.md): the base URL is the API root,
 * {@code https://api.lumalabs.ai/dream-machine/v1}; 000 lists seven aspect ratios and 004 three, so the seven are
 * accepted; 000 times out after 10 minutes and 004 suggests raising the timeout to 5, so the default is the longer 10;
 * a 5xx without Retry-After carries 004's "retry after 30s"; a failed generation is not retryable, as 004 says failed
 * generations may still be charged. The documents have no cancel call and no client task id.
 */
public final class LumaProviderAdapter implements ProviderAdapter {

    public static final String ID = "luma";
    public static final String DEFAULT_BASE_URL = "https://api.lumalabs.ai/dream-machine/v1";
    static final String GENERATIONS_PATH = "/generations";
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 5_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    /** 004's error table: "500 | Server error | Retry after 30s". */
    static final Duration SERVER_ERROR_RETRY_AFTER = Duration.ofSeconds(30);
    static final int CONCURRENT_GENERATIONS = 10;

    private final ProviderHttp http;
    private final BearerJsonApi api;
    private final ProviderDescriptor descriptor;

    public LumaProviderAdapter(ProviderSettings settings) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, GENERATIONS_PATH);
        this.http = s.http();
        this.api = BearerJsonApi.at(s).rewritingErrors(LumaProviderAdapter::withServerErrorWait);
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return LumaRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        FieldChecks.refuseInvalid(ID, validate(request));
        String generationId = api.post(GENERATIONS_PATH, LumaSubmitBody.of(request), credentials,
                answer -> LumaGenerationAnswers.generationId(api.unlessEnvelope(answer, "id"), http));
        return SubmitResult.accepted(generationId, descriptor.defaultPollIntervalMillis());
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        String generationId = api.pathSegment(task.taskId(), "luma generation id");
        return api.get(GENERATIONS_PATH + "/" + generationId, credentials,
                answer -> LumaGenerationAnswers.pollResult(api.unlessEnvelope(answer, "state"), http));
    }

    /** A 5xx without Retry-After gets 004's 30 s, so the poller does not hammer a struggling Luma. */
    private static ProviderException withServerErrorWait(ProviderException e) {
        if (e.kind() != Kind.TRANSIENT || e.retryAfter() != null || e.httpStatus() == null || e.httpStatus() < 500) {
            return e;
        }
        ProviderException timed = new ProviderException(e.kind(), e.provider(), e.httpStatus(), e.getMessage(), SERVER_ERROR_RETRY_AFTER);
        timed.setStackTrace(e.getStackTrace());
        return timed;
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("model", "none (the request has no model field)");
        constraints.put("input.prompt", "required, also for image-to-video: physical, cinematic descriptions with explicit "
                + "camera movement work best; text in the video renders poorly");
        constraints.put("input.imageUrls", "text-to-video: none; image-to-video: exactly one http(s) URL (keyframes.frame0)");
        constraints.put("input.aspectRatio", "optional; one of " + LumaRequestRules.ASPECT_RATIOS);
        constraints.put("input.loop", "optional true/false: a seamless loop (costs the same)");
        constraints.put("input.durationSeconds", "optional; only " + LumaRequestRules.DURATION_SECONDS + " (every generation is 5 s)");
        constraints.put("options.extendGenerationId", "text-to-video only: the id of an earlier luma generation to extend");
        constraints.put("input.negativePrompt", "not supported (document 004: negative prompts are not supported)");
        for (String unsupported : List.of("input.seed", "input.resolution")) {
            constraints.put(unsupported, "not supported");
        }
        return new ProviderDescriptor(ID, "Luma Dream Machine", EnumSet.of(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO),
                List.of(), Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds,
                Map.of("maxConcurrentTasks", CONCURRENT_GENERATIONS),
                "About $0.20-0.40 per 5 s generation; failed generations may still be charged; loops cost the same; "
                        + "an extension counts as a full generation. 10 concurrent generations on the standard tier; "
                        + "generations take 60-120 s.",
                false, false);
    }
}
