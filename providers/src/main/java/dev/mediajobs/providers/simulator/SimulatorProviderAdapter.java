package dev.mediajobs.providers.simulator;

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
 * The adapter of the bundled simulator (module {@code simulator}, wire protocol in simulator/README.md): the default
 * provider of the local stack and of load tests, and the reference for how an adapter maps a provider's HTTP API.
 */
public final class SimulatorProviderAdapter implements ProviderAdapter {

    public static final String ID = "simulator";
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8090";
    public static final List<String> MODELS = List.of("sim-image-1", "sim-video-1", "sim-audio-1", "sim-text-1");
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 1_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    private final String baseUrl;
    private final ProviderHttp http;
    private final ProviderDescriptor descriptor;

    public SimulatorProviderAdapter(ProviderSettings settings) {
        ProviderSettings s = settings == null ? new ProviderSettings() : settings;
        this.baseUrl = s.getBaseUrl() == null || s.getBaseUrl().isBlank() ? DEFAULT_BASE_URL : s.getBaseUrl().trim();
        // a wrong base URL is a configuration error: fail at startup, not with an IllegalArgumentException per call
        URI.create(ProviderHttp.join(baseUrl, "/v1/tasks"));
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
        return SimulatorRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        if (request.operation() == null) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "operation is required", null);
        }
        HttpRequest post = authorized("/v1/tasks", credentials)
                .header("Content-Type", "application/json")
                .POST(ProviderHttp.jsonBody(SimulatorSubmitBody.of(request)))
                .build();
        JsonNode task = call(post, credentials);
        return accepted(task);
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        HttpRequest get = authorized("/v1/tasks/" + pathSegment(task.taskId()), credentials).GET().build();
        return SimulatorTaskAnswers.pollResult(call(get, credentials), http);
    }

    @Override
    public boolean cancel(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        HttpRequest post = authorized("/v1/tasks/" + pathSegment(task.taskId()) + "/cancel", credentials)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        call(post, credentials);
        return true;
    }

    @Override
    public Optional<SubmitResult> findByClientTaskId(ProviderRequest request, ProviderCredentials credentials)
            throws ProviderException {
        if (request.clientTaskId() == null || request.clientTaskId().isBlank()) {
            return Optional.empty();
        }
        String query = "?clientTaskId=" + URLEncoder.encode(request.clientTaskId(), StandardCharsets.UTF_8);
        HttpRequest get = authorized("/v1/tasks" + query, credentials).GET().build();
        HttpResponse<byte[]> response = send(get, credentials);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(accepted(json(response, credentials)));
    }

    /** The task id of a submit or lookup answer, first poll after the simulator's ETA but never later than one interval. */
    private SubmitResult accepted(JsonNode task) throws ProviderException {
        String id = SimulatorTaskAnswers.taskId(task, http);
        JsonNode eta = task.get("etaMs");
        long interval = descriptor.defaultPollIntervalMillis();
        long firstPoll = eta != null && eta.isIntegralNumber() && eta.asLong() >= 0 ? Math.min(eta.asLong(), interval) : interval;
        return SubmitResult.accepted(id, firstPoll);
    }

    private HttpRequest.Builder authorized(String path, ProviderCredentials credentials) throws ProviderException {
        String key = credentials == null ? null : credentials.apiKey();
        if (key == null || key.isBlank() || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // checked here because the JDK client would throw IllegalArgumentException for such a header
            throw new ProviderException(Kind.AUTH, ID, null, "the simulator API key is missing or not a valid header value", null);
        }
        return http.request(baseUrl, path)
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
    }

    /** Sends and parses a 2xx answer; every error is a {@link ProviderException} without the key in it. */
    private JsonNode call(HttpRequest request, ProviderCredentials credentials) throws ProviderException {
        return json(send(request, credentials), credentials);
    }

    private HttpResponse<byte[]> send(HttpRequest request, ProviderCredentials credentials) throws ProviderException {
        try {
            return http.send(request);
        } catch (ProviderException e) {
            throw Redaction.withoutKey(e, credentials);
        }
    }

    private JsonNode json(HttpResponse<byte[]> response, ProviderCredentials credentials) throws ProviderException {
        try {
            if (response.statusCode() / 100 != 2) {
                throw http.errorFor(response);
            }
            JsonNode node = http.parseJson(response.body());
            if (!node.isObject()) {
                throw http.malformed("expected a JSON object, got " + node.getNodeType());
            }
            return node;
        } catch (ProviderException e) {
            // a provider may echo the key it rejected in its error text
            throw Redaction.withoutKey(e, credentials);
        }
    }

    private static String pathSegment(String id) throws ProviderException {
        if (id == null || id.isBlank()) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "the task has no simulator task id", null);
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ProviderDescriptor describe(ProviderSettings s) {
        long pollMillis = s.getPollInterval() != null ? s.getPollInterval().toMillis() : DEFAULT_POLL_INTERVAL_MILLIS;
        long timeoutSeconds = s.getTaskTimeout() != null ? s.getTaskTimeout().toSeconds() : DEFAULT_TIMEOUT_SECONDS;
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("model", "optional; one of " + MODELS);
        constraints.put("input.prompt", "required except for image-to-video and video-to-video; at most "
                + SimulatorRequestRules.MAX_PROMPT_CHARS + " characters");
        constraints.put("options.simulate", "optional object: outcome succeed|fail, durationMs 0-"
                + SimulatorRequestRules.MAX_SIMULATED_DURATION_MS + ", failOnPoll true|false");
        constraints.put("options.*", "other options are passed to the simulator as params");
        // no real rate limit: the simulator only answers 429 at random when told to (--rate-limit-rate)
        Map<String, Integer> limits = Map.of("maxRetainedTasks", 10_000, "retainedForSeconds", 3_600);
        return new ProviderDescriptor(ID, "Simulator (local, free)", EnumSet.allOf(Operation.class), MODELS,
                Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, limits,
                "Free: a local simulator that spends no credits. Outputs are synthetic PNG, animated GIF, WAV and text; "
                        + "tasks take 2-6 s unless options.simulate.durationMs says otherwise.",
                true, true);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
