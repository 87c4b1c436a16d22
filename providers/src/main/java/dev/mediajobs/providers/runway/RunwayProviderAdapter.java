package dev.mediajobs.providers.runway;

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
import dev.mediajobs.providers.http.ErrorEnvelopes;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

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

    private final String baseUrl;
    private final ProviderHttp http;
    private final ProviderDescriptor descriptor;

    public RunwayProviderAdapter(ProviderSettings settings) {
        ProviderSettings s = settings == null ? new ProviderSettings() : settings;
        this.baseUrl = s.getBaseUrl() == null || s.getBaseUrl().isBlank() ? DEFAULT_BASE_URL : s.getBaseUrl().trim();
        // a wrong base URL is a configuration error: fail at startup, not with an IllegalArgumentException per call
        URI.create(ProviderHttp.join(baseUrl, SUBMIT_PATH));
        this.http = new ProviderHttp(ID, orDefault(s.getConnectTimeout(), Duration.ofSeconds(5)),
                orDefault(s.getRequestTimeout(), Duration.ofSeconds(60)));
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
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            // the dispatcher validates first; this keeps a paid call from ever going out with a bad request
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, errors.getFirst().field() + ": " + errors.getFirst().message(), null);
        }
        HttpRequest post = authorized(SUBMIT_PATH, credentials)
                .header("Content-Type", "application/json")
                .POST(ProviderHttp.jsonBody(RunwaySubmitBody.of(request)))
                .build();
        JsonNode answer = call(post, credentials, "id");
        return SubmitResult.accepted(RunwayTaskAnswers.taskId(answer, http), descriptor.defaultPollIntervalMillis());
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        HttpRequest get = authorized(TASKS_PATH + pathSegment(task.taskId()), credentials).GET().build();
        return RunwayTaskAnswers.pollResult(call(get, credentials, "status"), http);
    }

    private HttpRequest.Builder authorized(String path, ProviderCredentials credentials) throws ProviderException {
        String key = credentials == null ? null : credentials.apiKey();
        if (key == null || key.isBlank() || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // checked here because the JDK client would throw IllegalArgumentException for such a header
            throw new ProviderException(Kind.AUTH, ID, null, "the runway API key is missing or not a valid header value", null);
        }
        return http.request(baseUrl, path)
                .header("Authorization", "Bearer " + key)
                .header(VERSION_HEADER, API_VERSION)
                .header("Accept", "application/json");
    }

    /**
     * Sends and parses a 2xx answer that must be a JSON object with {@code expectedField}; an error envelope in its
     * place is mapped like the HTTP error it stands for. Every error comes without the key in it.
     */
    private JsonNode call(HttpRequest request, ProviderCredentials credentials, String expectedField) throws ProviderException {
        try {
            HttpResponse<byte[]> response = http.send(request);
            if (response.statusCode() / 100 != 2) {
                throw http.errorFor(response);
            }
            JsonNode answer = http.parseJson(response.body());
            if (!answer.isObject()) {
                throw http.malformed("expected a JSON object, got " + answer.getNodeType());
            }
            if (!answer.has(expectedField)) {
                Optional<ProviderException> envelope = ErrorEnvelopes.in(answer, ID);
                if (envelope.isPresent()) {
                    throw envelope.get();
                }
            }
            return answer;
        } catch (ProviderException e) {
            // a provider may echo the key it rejected in its error text
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    private static String pathSegment(String id) throws ProviderException {
        if (id == null || id.isBlank()) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "the task has no runway task id", null);
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ProviderDescriptor describe(ProviderSettings s) {
        long pollMillis = s.getPollInterval() != null ? s.getPollInterval().toMillis() : DEFAULT_POLL_INTERVAL_MILLIS;
        long timeoutSeconds = s.getTaskTimeout() != null ? s.getTaskTimeout().toSeconds() : DEFAULT_TIMEOUT_SECONDS;
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

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
