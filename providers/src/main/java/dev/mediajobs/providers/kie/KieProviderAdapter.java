package dev.mediajobs.providers.kie;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
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
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The Kie.ai aggregator (reference document 003): many model families behind one key ({@code Authorization: Bearer})
 * and one answer envelope, {@code {code, msg, data}} with code 200 for success, in which Kie also reports errors
 * inside an HTTP 200 (mapped by {@link KieEnvelope}: 401/403 auth, 402 or "insufficient credits" credits, 429 rate
 * limited, 455 and 5xx transient, other 4xx invalid).
 *
 * <p>Each family is a small {@link KieFamily} in {@link KieFamilies}, which picks it from the model (or
 * {@code options.kieFamily}, or a Midjourney {@code options.taskType}, or the operation's default): Veo 3.1
 * (generation types, extend, 1080p), Runway Gen-3 (generate, extend), Runway Aleph, Luma modify, the generic jobs
 * endpoint (Sora 2, Wan 2.2/2.5, Nano Banana), GPT-4o image (with download-url), Flux Kontext, Midjourney, Suno
 * (generate, extend, lyrics). Task ids are handed out as {@code <route>:<Kie task id>} so that a poll, which knows
 * only the task's model and operation, asks the record-info endpoint of the family that took it
 * ({@link KieTaskId}). {@code callBackUrl} is sent when the request has a callback URL.
 *
 * <p>Choices where the document is silent or ambiguous (also in docs/providers/kie.md): Aleph is polled at Kie's
 * {@code /api/v1/aleph/record-info} and lyrics at {@code /api/v1/lyrics/record-info} (the document names neither);
 * record shapes the document does not show are read like Kie's other records; the file upload host is
 * {@value KieFileUpload#DEFAULT_BASE_URL} unless the base URL is configured, in which case uploads go to the
 * configured base URL too (or to the one given to the two-argument constructor). Kie has no cancel call and no
 * client-chosen task id. {@link #creditsRemaining} reads {@code GET /api/v1/chat/credit}.
 */
public final class KieProviderAdapter implements ProviderAdapter {

    public static final String ID = "kie";
    public static final String DEFAULT_BASE_URL = "https://api.kie.ai";
    /** "Video: polls every 10-30 seconds" (images 3-10 s: their polls carry a 3 s hint). */
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 10_000;
    /** "Max wait time ~10-15 minutes" for video, the longest of Kie's families. */
    static final long DEFAULT_TIMEOUT_SECONDS = 900;
    /** The submit field Kie calls back at ("Webhook URL"). */
    static final String CALLBACK_FIELD = "callBackUrl";

    private final KieClient client;
    private final KieFileUpload upload;
    private final KieFamilies families = new KieFamilies();
    private final ProviderDescriptor descriptor;

    public KieProviderAdapter(ProviderSettings settings) {
        this(settings, null);
    }

    /**
     * @param fileUploadBaseUrl Kie's file upload host; null for {@value KieFileUpload#DEFAULT_BASE_URL} when the base
     *                          URL is Kie's own, or the configured base URL otherwise (a proxy or a fake serving both)
     */
    public KieProviderAdapter(ProviderSettings settings, String fileUploadBaseUrl) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, "/api/v1/chat/credit");
        String baseUrl = s.baseUrl();
        String uploadBaseUrl = fileUploadBaseUrl != null && !fileUploadBaseUrl.isBlank() ? fileUploadBaseUrl.trim()
                : !baseUrl.equals(DEFAULT_BASE_URL) ? baseUrl : KieFileUpload.DEFAULT_BASE_URL;
        // a wrong upload URL is a configuration error too: fail at startup, not with an IllegalArgumentException per call
        URI.create(ProviderHttp.join(uploadBaseUrl, KieFileUpload.URL_UPLOAD_PATH));
        this.client = new KieClient(baseUrl, s.http());
        this.upload = new KieFileUpload(uploadBaseUrl);
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        KieChecks checks = new KieChecks();
        Operation operation = request.operation();
        if (operation == null) {
            checks.required("operation", "operation is required");
            return checks.errors();
        }
        if (!families.operations().contains(operation)) {
            checks.unsupportedOperation("Kie does not do " + operation.wireName());
            return checks.errors();
        }
        List<String> urls = request.input().imageUrls();
        for (int i = 0; i < urls.size(); i++) {
            if (!KieChecks.isHttpUrl(urls.get(i))) {
                checks.invalid("input.imageUrls[" + i + "]", "must be an absolute http(s) URL");
            }
        }
        Object upload = request.options().get(KieJob.UPLOAD_OPTION);
        if (upload != null && !(upload instanceof Boolean)) {
            checks.invalid("options." + KieJob.UPLOAD_OPTION, "options." + KieJob.UPLOAD_OPTION + " must be true or false");
        }
        if (request.options().containsKey(CALLBACK_FIELD)) {
            // where Kie calls back is mediajobs' business: the callback endpoint, or nowhere when callbacks are off
            checks.invalid("options." + CALLBACK_FIELD, "options." + CALLBACK_FIELD
                    + " is not accepted; the adapter sends the job's own callback URL");
        }
        families.resolve(request, checks).ifPresent(r -> r.family().check(new KieJob(request, r.model()), checks));
        return checks.errors();
    }

    /** Kie calls back at a submit's {@code callBackUrl} ("Webhook URL"); it is sent with every family's submit. */
    @Override
    public boolean acceptsCallbackUrl() {
        return true;
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        FieldChecks.refuseInvalid(ID, validate(request));
        KieCalls calls = client.with(credentials);
        KieFamilies.Resolution resolution = families.resolve(request, new KieChecks()).orElseThrow();
        try {
            ProviderRequest sent = Boolean.TRUE.equals(request.options().get(KieJob.UPLOAD_OPTION))
                    ? withInputsOnKie(request, calls) : request;
            KieFamily.KieSubmission submission = resolution.family().submission(new KieJob(sent, resolution.model()));
            JsonNode data = calls.post(submission.path(), submission.body()).dataOrThrow(client.http());
            String taskId = ProviderHttp.text(data, "taskId");
            if (taskId == null || taskId.isBlank()) {
                throw client.http().malformed("the submit answer has no data.taskId");
            }
            return new SubmitResult(new KieTaskId(submission.route(), taskId).wire(), resolution.family().pollIntervalMillis(),
                    Map.of("kieTaskId", taskId), null);
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        if (task.taskId() == null || task.taskId().isBlank()) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "the task has no Kie task id", null);
        }
        KieTaskId id = KieTaskId.parse(task.taskId());
        Optional<KieFamily> family = families.forPoll(id, task.model(), task.operation());
        if (family.isEmpty()) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null,
                    "cannot tell which Kie family polls task " + task.taskId() + " (model " + task.model() + ")", null);
        }
        KieCalls calls = client.with(credentials);
        try {
            return family.get().poll(id.route(), id.kieTaskId(), calls);
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    /** The key's remaining Kie credits: {@code GET /api/v1/chat/credit}. */
    public BigDecimal creditsRemaining(ProviderCredentials credentials) throws ProviderException {
        KieCalls calls = client.with(credentials);
        try {
            JsonNode data = calls.get("/api/v1/chat/credit").dataOrThrow(client.http());
            if (data.isNumber()) {
                return data.decimalValue();
            }
            if (data.isString() && data.asString().trim().matches("-?\\d+(\\.\\d+)?")) {
                return new BigDecimal(data.asString().trim());
            }
            throw client.http().malformed("the credit balance is not a number");
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    /** The request with its input URLs copied to Kie's file host (upload happens before, not instead of, submit). */
    private ProviderRequest withInputsOnKie(ProviderRequest request, KieCalls calls) throws ProviderException {
        JobInput in = request.input();
        if (in.imageUrls().isEmpty()) {
            return request;
        }
        JobInput copied = new JobInput(in.prompt(), in.negativePrompt(), upload.rehost(in.imageUrls(), calls), in.aspectRatio(),
                in.durationSeconds(), in.resolution(), in.seed(), in.loop());
        return new ProviderRequest(request.clientTaskId(), request.operation(), request.model(), copied, request.options(),
                request.callbackUrl());
    }

    private ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("options.kieFamily", "optional; picks the family when no model is given: " + families.ids());
        constraints.put("options.uploadInputs", "true copies input.imageUrls to Kie's file upload host before submitting");
        constraints.put("input.prompt", "required (except for the Sora watermark remover)");
        families.constraints().forEach((field, rule) -> constraints.merge(field, rule, (a, b) -> a + "; " + b));
        return new ProviderDescriptor(ID, "Kie.ai (Veo 3.1, Runway, Sora 2, Wan, GPT-4o image, Flux Kontext, Nano Banana, Midjourney, Suno)",
                Collections.unmodifiableSet(families.operations()), families.models(), Collections.unmodifiableMap(constraints),
                // the document gives no rate limits (only "429 Too Many Requests: Rate limit exceeded"): none by
                // default, mediajobs.providers.kie.limits.* sets them
                pollMillis, timeoutSeconds, Map.of(),
                "Billed in Kie credits per task, by model and options (e.g. Veo's 1080p, Runway's 10 s); the remaining "
                        + "balance is GET /api/v1/chat/credit. The document gives no prices and no rate limits (429 when exceeded).",
                false, false);
    }
}
