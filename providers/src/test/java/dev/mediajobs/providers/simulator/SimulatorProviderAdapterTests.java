package dev.mediajobs.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderAdapterContractTest;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.CannedHttpServer.RecordedRequest;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The simulator adapter against the real simulator (the wire fake of this provider), plus a {@link CannedHttpServer}
 * for the answers the simulator never gives: 5xx, garbage, echoed keys.
 */
class SimulatorProviderAdapterTests extends ProviderAdapterContractTest {

    private static final String KEY = "sim-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 7;
    private static final Map<String, Object> QUICKLY = Map.of("simulate", Map.of("durationMs", 300));

    private SimulatorServer simulator;
    private SimulatorServer busySimulator;
    private CannedHttpServer canned;

    @BeforeAll
    void startFakes() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(KEY).build());
        busySimulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(KEY)
                .rateLimitRate(1.0).retryAfterSeconds(RETRY_AFTER_SECONDS).build());
        canned = CannedHttpServer.start();
    }

    @AfterAll
    void stopFakes() {
        simulator.close();
        busySimulator.close();
        canned.close();
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected ProviderAdapter adapterAt(String baseUrl) {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(baseUrl);
        settings.setConnectTimeout(Duration.ofSeconds(2));
        settings.setRequestTimeout(Duration.ofSeconds(10));
        return new SimulatorProviderAdapter(settings);
    }

    @Override
    protected String fakeBaseUrl() {
        return simulator.baseUrl();
    }

    @Override
    protected ProviderCredentials credentials() {
        return CREDENTIALS;
    }

    @Override
    protected List<ProviderRequest> validRequests() {
        return Arrays.stream(Operation.values()).map(op -> request(op, input(op), QUICKLY)).toList();
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        return List.of(
                new InvalidRequest(request(Operation.TEXT, JobInput.ofPrompt("x".repeat(4001)), Map.of()), "input.prompt"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt(" "), Map.of()), "input.prompt"),
                new InvalidRequest(withModel(request(Operation.TEXT, JobInput.ofPrompt("hi"), Map.of()), "gpt-9"), "model"),
                new InvalidRequest(request(Operation.TEXT, JobInput.ofPrompt("hi"), Map.of("simulate", "fast")), "options.simulate"),
                new InvalidRequest(simulating(Map.of("outcome", "maybe")), "options.simulate.outcome"),
                new InvalidRequest(simulating(Map.of("durationMs", 3_600_001)), "options.simulate.durationMs"),
                new InvalidRequest(simulating(Map.of("durationMs", -1)), "options.simulate.durationMs"),
                new InvalidRequest(simulating(Map.of("durationMs", 1.5)), "options.simulate.durationMs"),
                new InvalidRequest(simulating(Map.of("failOnPoll", "yes")), "options.simulate.failOnPoll"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return simulating(Map.of("outcome", "fail", "durationMs", 200));
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", simulator.baseUrl(), new ProviderCredentials("default", "wrong-key-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return new Endpoint("rate limited", busySimulator.baseUrl(), CREDENTIALS);
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(503, "{\"error\":{\"code\":\"overloaded\",\"message\":\"try later\"}}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(202, "<html>accepted</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(202, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-id", CannedResponse.json(202, "{\"status\":\"queued\"}")),
                cannedEndpoint("submit-id-is-object", CannedResponse.json(202, "{\"id\":{\"value\":\"t-1\"}}")),
                cannedEndpoint("submit-array", CannedResponse.json(202, "[{\"id\":\"t-1\"}]")),
                cannedEndpoint("submit-unexpected-status", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "all good, probably")),
                cannedEndpoint("poll-no-status", CannedResponse.json(200, "{\"id\":\"t-1\"}")),
                cannedEndpoint("poll-status-is-object", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":{\"s\":1}}")),
                cannedEndpoint("poll-unknown-status", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"exploded\"}")),
                cannedEndpoint("poll-succeeded-without-outputs", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"succeeded\"}")),
                cannedEndpoint("poll-succeeded-empty-outputs", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"succeeded\",\"outputs\":[]}")),
                cannedEndpoint("poll-output-without-url", CannedResponse.json(200,
                        "{\"id\":\"t-1\",\"status\":\"succeeded\",\"outputs\":[{\"contentType\":\"image/png\"}]}")),
                cannedEndpoint("poll-output-bad-sha", CannedResponse.json(200,
                        "{\"id\":\"t-1\",\"status\":\"succeeded\",\"outputs\":[{\"url\":\"http://x.test/f\",\"sha256\":\"abc\"}]}")),
                cannedEndpoint("poll-string", CannedResponse.json(200, "\"succeeded\"")));
    }

    // ------------------------------------------------------------------------------------------------ simulator specifics

    @Test
    void describesEveryOperationWithTheFourSimModelsAndDefaults() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo(SimulatorProviderAdapter.ID);
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.values());
        assertThat(descriptor.models()).containsExactly("sim-image-1", "sim-video-1", "sim-audio-1", "sim-text-1");
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(1000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(600);
        assertThat(descriptor.supportsCancel()).isTrue();
        assertThat(descriptor.supportsClientTaskId()).isTrue();
        assertThat(descriptor.priceNotes()).isNotBlank();
    }

    @Test
    void settingsOverrideThePollIntervalAndTimeout() {
        ProviderSettings settings = new ProviderSettings();
        settings.setPollInterval(Duration.ofMillis(250));
        settings.setTaskTimeout(Duration.ofMinutes(2));
        var descriptor = new SimulatorProviderAdapter(settings).describe();
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(250);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(120);
    }

    @Test
    void validSimulateOptionsPass() {
        assertThat(adapter().validate(simulating(Map.of("outcome", "succeed", "durationMs", 0L, "failOnPoll", false)))).isEmpty();
        assertThat(adapter().validate(request(Operation.IMAGE_TO_VIDEO, input(Operation.IMAGE_TO_VIDEO), Map.of()))).isEmpty();
        assertThat(adapter().validate(withModel(request(Operation.TEXT, JobInput.ofPrompt("hi"), Map.of()), "sim-text-1"))).isEmpty();
        assertThat(adapter().validate(request(Operation.TEXT, JobInput.ofPrompt("x".repeat(4000)), Map.of()))).isEmpty();
    }

    @Test
    void aTooLongPromptIsFieldTooLong() {
        List<FieldError> errors = adapter().validate(request(Operation.TEXT, JobInput.ofPrompt("x".repeat(4001)), Map.of()));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("input.prompt");
            assertThat(e.code()).isEqualTo(ErrorCodes.FIELD_TOO_LONG);
        });
    }

    @Test
    void submitSendsTheNeutralInputAsParamsAndSimulateApart() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("submit-recorder", CannedResponse.json(202, "{\"id\":\"t-42\",\"status\":\"queued\",\"etaMs\":250}"));
        JobInput input = new JobInput("a fox", "blurry", List.of("https://example.com/a.png"), "16:9", 5, "720p", 42L, true);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("style", "noir");
        options.put("seed", 1);
        options.put("simulate", Map.of("outcome", "fail"));
        ProviderRequest request = new ProviderRequest("job-1", Operation.IMAGE_TO_VIDEO, "sim-video-1", input, options, null);

        SubmitResult result = adapterAt(baseUrl).submit(request, CREDENTIALS);

        assertThat(result.taskId()).isEqualTo("t-42");
        assertThat(result.firstPollAfterMillis()).as("the ETA, being shorter than the poll interval").isEqualTo(250);
        RecordedRequest sent = canned.requests("submit-recorder").getLast();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/tasks");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JsonCodec.mapper().readTree(sent.body());
        assertThat(body.get("clientTaskId").asString()).isEqualTo("job-1");
        assertThat(body.get("operation").asString()).isEqualTo("image-to-video");
        assertThat(body.get("model").asString()).isEqualTo("sim-video-1");
        assertThat(body.get("prompt").asString()).isEqualTo("a fox");
        assertThat(body.get("simulate").get("outcome").asString()).isEqualTo("fail");
        JsonNode params = body.get("params");
        assertThat(params.get("style").asString()).isEqualTo("noir");
        assertThat(params.get("seed").asLong()).as("the input wins over an option of the same name").isEqualTo(42);
        assertThat(params.get("negativePrompt").asString()).isEqualTo("blurry");
        assertThat(params.get("aspectRatio").asString()).isEqualTo("16:9");
        assertThat(params.get("durationSeconds").asInt()).isEqualTo(5);
        assertThat(params.get("resolution").asString()).isEqualTo("720p");
        assertThat(params.get("loop").asBoolean()).isTrue();
        assertThat(params.get("imageUrls").get(0).asString()).isEqualTo("https://example.com/a.png");
        assertThat(params.has("simulate")).isFalse();
    }

    @Test
    void theFirstPollWaitsAtMostOnePollInterval() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("slow-eta", CannedResponse.json(202, "{\"id\":\"t-1\",\"status\":\"queued\",\"etaMs\":60000}"));
        assertThat(adapterAt(baseUrl).submit(validRequests().get(0), CREDENTIALS).firstPollAfterMillis()).isEqualTo(1000);
    }

    @Test
    void pollReportsQueuedAsPendingAndRunningWithProgress() throws ProviderException {
        ProviderRequest slow = simulating(Map.of("durationMs", 60_000));
        SubmitResult submitted = adapter().submit(slow, CREDENTIALS);
        assertThat(adapter().poll(task(slow, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);

        String baseUrl = canned.baseUrlAnswering("running", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"running\",\"progress\":42}"));
        PollResult running = adapterAt(baseUrl).poll(someTask(), CREDENTIALS);
        assertThat(running.status()).isEqualTo(PollResult.Status.RUNNING);
        assertThat(running.progress()).isEqualTo(42);
    }

    @Test
    void successCarriesTheOutputsUrlContentTypeAndChecksum() throws ProviderException {
        ProviderRequest request = request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("a red kite"), Map.of("simulate", Map.of("durationMs", 0)));
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        PollResult done = adapter().poll(task(request, submitted), CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).singleElement().satisfies(asset -> {
            assertThat(asset.url()).isEqualTo(simulator.baseUrl() + "/v1/files/" + submitted.taskId() + "/0");
            assertThat(asset.contentType()).isEqualTo("image/png");
            assertThat(asset.expectedSha256()).matches("[0-9a-f]{64}");
        });
    }

    @Test
    void aFailedTaskCarriesTheSimulatorsMessage() throws ProviderException {
        ProviderRequest request = simulating(Map.of("outcome", "fail", "durationMs", 0));
        PollResult failed = adapter().poll(task(request, adapter().submit(request, CREDENTIALS)), CREDENTIALS);
        assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.failure().message()).contains("simulated failure");
        assertThat(failed.failure().retryable()).isFalse();
        assertThat(failed.failure().provider()).isEqualTo("simulator");
    }

    @Test
    void cancelStopsTheTaskWhichThenPollsAsCanceled() throws ProviderException {
        ProviderRequest slow = simulating(Map.of("durationMs", 600_000));
        ProviderTask task = task(slow, adapter().submit(slow, CREDENTIALS));
        assertThat(adapter().cancel(task, CREDENTIALS)).isTrue();
        PollResult canceled = adapter().poll(task, CREDENTIALS);
        assertThat(canceled.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(canceled.failure().code()).isEqualTo(ErrorCodes.CANCELED);
    }

    @Test
    void aTaskIsFoundAgainByItsClientTaskIdAndASecondSubmitDoesNotStartAnother() throws ProviderException {
        ProviderRequest request = simulating(Map.of("durationMs", 60_000));
        SubmitResult first = adapter().submit(request, CREDENTIALS);

        Optional<SubmitResult> found = adapter().findByClientTaskId(request, CREDENTIALS);
        assertThat(found).map(SubmitResult::taskId).contains(first.taskId());
        assertThat(adapter().submit(request, CREDENTIALS).taskId()).isEqualTo(first.taskId());

        ProviderRequest never = simulating(Map.of());
        assertThat(adapter().findByClientTaskId(never, CREDENTIALS)).isEmpty();
        ProviderRequest withoutId = new ProviderRequest(null, Operation.TEXT, null, JobInput.ofPrompt("x"), Map.of(), null);
        assertThat(adapter().findByClientTaskId(withoutId, CREDENTIALS)).isEmpty();
    }

    @Test
    void anUnknownTaskIsNotFound() {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aKeyWithoutCreditsIsCredits() {
        String poorKey = "nocredit-key-1";
        try (SimulatorServer poor = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(poorKey).build())) {
            ProviderCredentials credentials = new ProviderCredentials("default", poorKey);
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> adapterAt(poor.baseUrl()).submit(validRequests().get(0), credentials));
            assertThat(e.kind()).isEqualTo(Kind.CREDITS);
            assertThat(e.allowsFallback()).isTrue();
            assertNoSecretIn(e, credentials);
        }
    }

    @Test
    void aKeyEchoedByTheProviderIsRedacted() {
        String baseUrl = canned.baseUrlAnswering("echo", request -> CannedResponse.json(401,
                "{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid key " + request.header("Authorization") + "\"}}"));
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> adapterAt(baseUrl).submit(validRequests().get(0), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("invalid key Bearer ***").doesNotContain(KEY);
    }

    @Test
    void aMissingOrUnsendableKeyIsAuthWithoutACall() {
        int before = canned.requests().size();
        String baseUrl = canned.baseUrlAnswering("never-called", CannedResponse.json(500, "{}"));
        for (String key : Arrays.asList(null, "", "line\nbreak")) {
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> adapterAt(baseUrl).submit(validRequests().get(0), new ProviderCredentials("default", key)));
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
        }
        assertThat(canned.requests()).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Endpoint cannedEndpoint(String scenario, CannedResponse response) {
        return new Endpoint(scenario, canned.baseUrlAnswering(scenario, response), CREDENTIALS);
    }

    private static ProviderRequest request(Operation operation, JobInput input, Map<String, Object> options) {
        return new ProviderRequest("job-" + UUID.randomUUID(), operation, null, input, options, null);
    }

    private static ProviderRequest withModel(ProviderRequest r, String model) {
        return new ProviderRequest(r.clientTaskId(), r.operation(), model, r.input(), r.options(), r.callbackUrl());
    }

    private static ProviderRequest simulating(Map<String, Object> simulate) {
        return request(Operation.TEXT, JobInput.ofPrompt("a short story"), Map.of("simulate", simulate));
    }

    private static JobInput input(Operation operation) {
        return switch (operation) {
            case IMAGE_TO_IMAGE -> new JobInput("make it blue", null, List.of("https://example.com/in.png"), null, null, null, null, null);
            case IMAGE_TO_VIDEO, VIDEO_TO_VIDEO -> new JobInput(null, null, List.of("https://example.com/in.png"), "16:9", 4, null, null, null);
            case TEXT_TO_VIDEO -> new JobInput("waves at dusk", null, List.of(), "16:9", 4, "720p", 7L, true);
            case MUSIC -> new JobInput("calm piano", null, List.of(), null, 30, null, null, null);
            case TEXT_TO_IMAGE -> JobInput.ofPrompt("a lighthouse");
            case TEXT -> JobInput.ofPrompt("a haiku about queues");
        };
    }
}
