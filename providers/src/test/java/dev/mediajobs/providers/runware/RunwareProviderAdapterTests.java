package dev.mediajobs.providers.runware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.FakeCallbacks;
import dev.mediajobs.providers.testing.WireFakeContractTest;
import dev.mediajobs.providers.testing.CannedHttpServer.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Runware adapter against {@link RunwareWireFake}, plus a {@link CannedHttpServer} for 429, 5xx and nonsense. */
class RunwareProviderAdapterTests extends WireFakeContractTest<RunwareWireFake> {

    private static final String KEY = "runware-test-key-7f3a";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 12;


    RunwareProviderAdapterTests() {
        // the wire fakes (input files included) listen on 127.0.0.1, which the SSRF guard refuses unless allow-listed
        super(CREDENTIALS, RunwareWireFake::start, settings -> new RunwareProviderAdapter(settings, OutboundPolicy.allowing(List.of("127.0.0.1"))));
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a serene beach with gentle waves", "dark, scary",
                        List.of(), "16:9", 10, null, null, null), Map.of("outputFormat", "mp4", "outputQuality", 95)),
                request(Operation.IMAGE_TO_VIDEO, "klingai:5@1", new JobInput("the lighthouse beam sweeps", null,
                        List.of(fake.imageUrl()), "9:16", 5, null, null, null), Map.of()),
                request(Operation.TEXT_TO_VIDEO, "runware:108@22", new JobInput("a fox in snow", null, List.of(), null, 20,
                        "1280x720", 42L, null), Map.of("fps", 24, "CFGScale", 7.5, "ttl", 1800)));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        return List.of(
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput(" ", null, List.of(), null, null, null, null, null), Map.of(), "input.prompt"),
                invalid(Operation.TEXT_TO_IMAGE, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of(), "operation"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:9@9", JobInput.ofPrompt("a cat"), Map.of(), "model"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", withDuration(7), Map.of(), "input.durationSeconds"),
                invalid(Operation.TEXT_TO_VIDEO, "runware:108@22", withDuration(31), Map.of(), "input.durationSeconds"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null, List.of(), null, null, "1280x720", null, null), Map.of(), "input.resolution"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null, List.of(), "4:3", null, null, null, null), Map.of(), "input.aspectRatio"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null, List.of(), "9:16", null, "1920x1080", null, null), Map.of(), "input.aspectRatio"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null, List.of(), null, null, "4K", null, null), Map.of(), "input.resolution"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null, List.of(), null, null, null, 7L, null), Map.of(), "input.seed"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("fps", 24), "options.fps"),
                invalid(Operation.TEXT_TO_VIDEO, "runware:108@22", JobInput.ofPrompt("a cat"), Map.of("fps", 60), "options.fps"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("outputQuality", 100), "options.outputQuality"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("ttl", 60), "options.ttl"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("CFGScale", 25.0), "options.CFGScale"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("numberResults", 5), "options.numberResults"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("outputFormat", "webm"), "options.outputFormat"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("deliveryMethod", "later"), "options.deliveryMethod"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("steps", 30), "options.steps"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of("width", 640), "options.width"),
                invalid(Operation.IMAGE_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("a cat"), Map.of(), "input.imageUrls"),
                invalid(Operation.IMAGE_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null,
                        List.of("https://x.test/1.png", "https://x.test/2.png", "https://x.test/3.png"), null, null, null, null, null), Map.of(), "input.imageUrls"),
                invalid(Operation.TEXT_TO_VIDEO, "klingai:5@3", new JobInput("a cat", null, List.of(), null, null, null, null, true), Map.of(), "input.loop"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("something forbidden " + RunwareWireFake.FAIL_MARKER), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "wrong-runware-key"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"data\":[],\"errors\":[{\"code\":\"rateLimitExceeded\",\"message\":\"Too many requests\"}]}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(502, "{\"data\":[],\"errors\":[{\"code\":\"badGateway\",\"message\":\"upstream\"}]}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>ok</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"taskUUID\":\"x\"}]")),
                cannedEndpoint("submit-no-data", CannedResponse.json(200, "{\"result\":\"accepted\"}")),
                cannedEndpoint("submit-data-not-array", CannedResponse.json(200, "{\"data\":{\"taskUUID\":\"x\"}}")),
                cannedEndpoint("submit-no-ack", CannedResponse.json(200, "{\"data\":[]}")),
                cannedEndpoint("submit-other-task", CannedResponse.json(200,
                        "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + UUID.randomUUID() + "\"}]}")),
                cannedEndpoint("submit-redirect", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        String mine = "{\"taskUUID\":\"contract-task-1\",\"taskType\":\"videoInference\"";
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "processing, probably")),
                cannedEndpoint("poll-no-data", CannedResponse.json(200, "{}")),
                cannedEndpoint("poll-data-is-string", CannedResponse.json(200, "{\"data\":\"success\"}")),
                cannedEndpoint("poll-item-not-object", CannedResponse.json(200, "{\"data\":[\"success\"]}")),
                cannedEndpoint("poll-no-status", CannedResponse.json(200, "{\"data\":[" + mine + "}]}")),
                cannedEndpoint("poll-unknown-status", CannedResponse.json(200, "{\"data\":[" + mine + ",\"status\":\"exploded\"}]}")),
                cannedEndpoint("poll-success-without-url", CannedResponse.json(200, "{\"data\":[" + mine + ",\"status\":\"success\"}]}")),
                cannedEndpoint("poll-success-bad-url", CannedResponse.json(200,
                        "{\"data\":[" + mine + ",\"status\":\"success\",\"videoURL\":\"ftp://x/v.mp4\"}]}")),
                cannedEndpoint("poll-top-level-array", CannedResponse.json(200, "[]")));
    }

    // ------------------------------------------------------------------------------------------------ Runware specifics

    @Test
    void describesKlingModelsLimitsAndClientTaskIds() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("runware");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO);
        assertThat(descriptor.models()).containsExactly("klingai:5@3", "klingai:5@1", "runware:108@22");
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(10_000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(600);
        assertThat(descriptor.limits()).containsEntry("requestsPerMinute", 60).containsEntry("maxConcurrentTasks", 10)
                .containsEntry("concurrentTasks", 10);
        assertThat(descriptor.supportsClientTaskId()).isTrue();
        assertThat(descriptor.supportsCancel()).isFalse();
        assertThat(descriptor.constraints()).containsKeys("input.durationSeconds", "input.resolution", "input.seed", "options.fps");
    }

    @Test
    void submitSendsAVideoInferenceTaskArrayWithTheJobIdAsTaskUUID() throws Exception {
        String baseUrl = canned.baseUrlAnswering("submit-recorder", request -> CannedResponse.json(200,
                "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + taskUuidIn(request) + "\"}]}"));
        String jobId = UUID.randomUUID().toString();
        ProviderRequest request = new ProviderRequest(jobId, Operation.TEXT_TO_VIDEO, "klingai:5@3",
                new JobInput("a serene beach", "dark, scary", List.of("https://example.com/style.png"), "9:16", 10, null, null, null),
                Map.of("outputQuality", 95, "ttl", 1800), "https://hooks.example.com/runware");

        SubmitResult submitted = adapterAt(baseUrl).submit(request, CREDENTIALS);

        assertThat(submitted.taskId()).isEqualTo(jobId);
        assertThat(submitted.immediate()).isNull();
        RecordedRequest sent = canned.requests("submit-recorder").getLast();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).as("the base URL itself").isEqualTo("/");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode tasks = JsonCodec.mapper().readTree(sent.body());
        assertThat(tasks.isArray()).isTrue();
        JsonNode task = tasks.get(0);
        assertThat(task.get("taskType").asString()).isEqualTo("videoInference");
        assertThat(task.get("taskUUID").asString()).isEqualTo(jobId);
        assertThat(task.get("positivePrompt").asString()).isEqualTo("a serene beach");
        assertThat(task.get("negativePrompt").asString()).isEqualTo("dark, scary");
        assertThat(task.get("model").asString()).isEqualTo("klingai:5@3");
        assertThat(task.get("duration").asInt()).isEqualTo(10);
        assertThat(task.get("width").asInt()).isEqualTo(1080);
        assertThat(task.get("height").asInt()).isEqualTo(1920);
        assertThat(task.get("deliveryMethod").asString()).isEqualTo("async");
        assertThat(task.get("referenceImages").get(0).asString()).isEqualTo("https://example.com/style.png");
        assertThat(task.get("webhookURL").asString()).isEqualTo("https://hooks.example.com/runware");
        assertThat(task.get("outputQuality").asInt()).isEqualTo(95);
        assertThat(task.get("ttl").asInt()).isEqualTo(1800);
        assertThat(task.has("seed")).isFalse();
    }

    @Test
    void defaultsAreTheDocumentedOnes() throws Exception {
        String baseUrl = canned.baseUrlAnswering("defaults", request -> CannedResponse.json(200,
                "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + taskUuidIn(request) + "\"}]}"));
        ProviderRequest request = new ProviderRequest(UUID.randomUUID().toString(), Operation.TEXT_TO_VIDEO, null,
                JobInput.ofPrompt("a sunset"), Map.of(), null);
        adapterAt(baseUrl).submit(request, CREDENTIALS);
        JsonNode task = JsonCodec.mapper().readTree(canned.requests("defaults").getLast().body()).get(0);
        assertThat(task.get("model").asString()).isEqualTo("klingai:5@3");
        assertThat(task.get("duration").asInt()).isEqualTo(5);
        assertThat(task.get("width").asInt()).isEqualTo(1920);
        assertThat(task.get("height").asInt()).isEqualTo(1080);
        assertThat(task.has("webhookURL")).isFalse();
    }

    @Test
    void imageToVideoSendsTheFramesAsBase64() throws ProviderException {
        ProviderRequest request = validRequests().get(1);
        adapter().submit(request, CREDENTIALS);
        JsonNode task = fake.receivedTasks().stream()
                .filter(t -> t.path("taskUUID").asString().equals(request.clientTaskId()) && t.has("frameImages"))
                .findFirst().orElseThrow();
        assertThat(Base64.getDecoder().decode(task.get("frameImages").get(0).asString())).isEqualTo(RunwareWireFake.PNG_BYTES);
        assertThat(task.get("width").asInt()).isEqualTo(1080);
        assertThat(task.get("height").asInt()).isEqualTo(1920);
    }

    @Test
    void aFrameImageOnAPrivateAddressIsRefusedByTheSsrfGuardWithItsField() {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(fakeBaseUrl());
        RunwareProviderAdapter strict = new RunwareProviderAdapter(settings);
        ProviderRequest request = request(Operation.IMAGE_TO_VIDEO, "klingai:5@3",
                new JobInput("move", null, List.of("http://169.254.169.254/latest/meta-data/"), null, null, null, null, null), Map.of());
        int before = fake.receivedTasks().size();

        ProviderException e = failure(() -> strict.submit(request, CREDENTIALS));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith("input.imageUrls[0]: host 169.254.169.254 is a cloud metadata address");
        assertThat(fake.receivedTasks()).as("no paid task without its frames").hasSize(before);
    }

    @Test
    void anUnreachableInputImageIsTheCallersFault() {
        ProviderRequest request = request(Operation.IMAGE_TO_VIDEO, "klingai:5@3",
                new JobInput("move", null, List.of(fake.baseUrl().replace("/v1", "/inputs/missing.png")), null, null, null, null, null), Map.of());
        ProviderException e = failure(() -> adapter().submit(request, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("404");
    }

    @Test
    void aResubmittedJobIsFoundByItsTaskUUIDInsteadOfPaidTwice() throws ProviderException {
        ProviderRequest request = validRequests().get(0);
        assertThat(adapter().findByClientTaskId(request, CREDENTIALS)).as("before any submit").isEmpty();

        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        Optional<SubmitResult> found = adapter().findByClientTaskId(request, CREDENTIALS);

        assertThat(found).map(SubmitResult::taskId).contains(submitted.taskId());
        assertThat(fake.submissionsOf(submitted.taskId())).isEqualTo(1);
        ProviderRequest withoutId = new ProviderRequest(null, Operation.TEXT_TO_VIDEO, null, JobInput.ofPrompt("x"), Map.of(), null);
        assertThat(adapter().findByClientTaskId(withoutId, CREDENTIALS)).isEmpty();
    }

    @Test
    void pollMovesFromProcessingToSuccessWithEveryResult() throws ProviderException {
        fake.pollsUntilDone(2);
        try {
            ProviderRequest request = request(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("two takes"), Map.of("numberResults", 2));
            SubmitResult submitted = adapter().submit(request, CREDENTIALS);
            assertThat(adapter().poll(task(request, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.RUNNING);
            assertThat(adapter().poll(task(request, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.RUNNING);
            PollResult done = adapter().poll(task(request, submitted), CREDENTIALS);
            assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(done.assets()).hasSize(2).allSatisfy(asset -> assertThat(asset.url()).startsWith("http://127.0.0.1:").endsWith(".mp4"));
            assertThat(done.result()).containsKeys("videoUUIDs", "seeds");
            assertThat(done.result().get("seeds")).isEqualTo(List.of("9121768170631298021", "9121768170631298021"));
            assertThat(downloaded(done.assets().getFirst().url())).isEqualTo(RunwareWireFake.MP4_BYTES);
        } finally {
            fake.pollsUntilDone(1);
        }
    }

    @Test
    void aSyncDeliveryIsAnImmediateResult() throws ProviderException {
        ProviderRequest request = request(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("now"), Map.of("deliveryMethod", "sync"));
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        assertThat(submitted.immediate()).isNotNull();
        assertThat(submitted.immediate().status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(submitted.immediate().assets()).hasSize(1);
    }

    @Test
    void aFailedTaskCarriesRunwaresMessageAndAnErrorStatusIsRetryable() throws ProviderException {
        ProviderRequest request = requestThatFails();
        PollResult failed = pollUntilDone(task(request, adapter().submit(request, CREDENTIALS)));
        assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.failure().message()).contains("content moderation");
        assertThat(failed.failure().retryable()).isFalse();

        String baseUrl = canned.baseUrlAnswering("poll-error-status", CannedResponse.json(200,
                "{\"data\":[{\"taskUUID\":\"contract-task-1\",\"status\":\"error\"}],"
                        + "\"errors\":[{\"code\":\"inferenceFailed\",\"message\":\"worker lost\",\"taskUUID\":\"contract-task-1\"}]}"));
        PollResult error = adapterAt(baseUrl).poll(someTask(), CREDENTIALS);
        assertThat(error.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(error.failure().message()).contains("inferenceFailed").contains("worker lost");
        assertThat(error.failure().retryable()).isTrue();
    }

    @Test
    void theFakeRejectsWhatTheDocumentForbidsWithDocumentedErrorCodes() {
        // bypass validation to prove the wire shape: the fake answers errors[] with the document's codes
        String badTask = "[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + UUID.randomUUID() + "\",\"positivePrompt\":\"x\","
                + "\"model\":\"klingai:5@3\",\"duration\":7,\"width\":1280,\"height\":720,\"seed\":1}]";
        HttpResponse<String> answer = post(fake.baseUrl(), badTask);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("invalidDuration", "unsupportedDimensions", "unsupportedParameter");
    }

    @Test
    void documentedErrorCodesMapToTheirKinds() {
        assertThat(submitAt("invalid-model", 400, "invalidModel")).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitAt("invalid-duration", 400, "invalidDuration")).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitAt("unsupported-dimensions", 400, "unsupportedDimensions")).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitAt("unsupported-parameter", 400, "unsupportedParameter")).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitAt("read-results", 400, "unknownErrorWhileReadingResults")).isEqualTo(Kind.TRANSIENT);
        assertThat(submitAt("errors-in-200", 200, "unknownErrorWhileReadingResults")).isEqualTo(Kind.TRANSIENT);
        assertThat(submitAt("credits-in-200", 200, "insufficientCredits")).isEqualTo(Kind.CREDITS);
        assertThat(submitAt("key-in-200", 200, "invalidApiKey")).isEqualTo(Kind.AUTH);
        assertThat(submitAt("payment", 402, "whatever")).isEqualTo(Kind.CREDITS);
        assertThat(submitAt("unknown-in-200", 200, "somethingNew")).isEqualTo(Kind.INVALID_REQUEST);
    }

    @Test
    void anErrorsEntryAboutTheTaskAtPollIsAFailedTaskUnlessItIsAboutTheCall() throws ProviderException {
        String failing = canned.baseUrlAnswering("poll-errors-only", CannedResponse.json(200,
                "{\"data\":[],\"errors\":[{\"code\":\"contentModerated\",\"message\":\"nope\",\"taskUUID\":\"contract-task-1\"}]}"));
        assertThat(adapterAt(failing).poll(someTask(), CREDENTIALS).status()).isEqualTo(PollResult.Status.FAILED);

        String busy = canned.baseUrlAnswering("poll-busy", CannedResponse.json(200,
                "{\"data\":[],\"errors\":[{\"code\":\"unknownErrorWhileReadingResults\",\"message\":\"retry\"}]}"));
        ProviderException e = failure(() -> adapterAt(busy).poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);

        String unseen = canned.baseUrlAnswering("poll-unseen", CannedResponse.json(200, "{\"data\":[]}"));
        assertThat(adapterAt(unseen).poll(someTask(), CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
    }

    @Test
    void aKeyEchoedByRunwareIsRedactedAndAnUnsendableKeyIsNeverSent() {
        String baseUrl = canned.baseUrlAnswering("echo", request -> CannedResponse.json(401,
                "{\"data\":[],\"errors\":[{\"code\":\"invalidApiKey\",\"message\":\"bad key " + request.header("Authorization") + "\"}]}"));
        ProviderException e = failure(() -> adapterAt(baseUrl).submit(validRequests().get(0), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(KEY);

        int before = canned.requests().size();
        ProviderException missing = failure(
                () -> adapterAt(baseUrl).submit(validRequests().get(0), new ProviderCredentials("default", "bad\nkey")));
        assertThat(missing.kind()).isEqualTo(Kind.AUTH);
        assertThat(canned.requests()).hasSize(before);
    }

    @Test
    void anInvalidRequestIsRefusedAtSubmitWithoutACall() {
        int before = canned.requests().size();
        String baseUrl = canned.baseUrlAnswering("never", CannedResponse.json(500, "{}"));
        ProviderRequest invalid = invalidRequests().get(3).request();
        ProviderException e = failure(() -> adapterAt(baseUrl).submit(invalid, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(canned.requests()).hasSize(before);
    }

    @Test
    void aNonUuidClientTaskIdBecomesAStableUuid() {
        String derived = RunwareTaskBody.taskUUID("job-42");
        assertThat(UUID.fromString(derived).toString()).isEqualTo(derived);
        assertThat(RunwareTaskBody.taskUUID("job-42")).isEqualTo(derived);
        String jobId = UUID.randomUUID().toString();
        assertThat(RunwareTaskBody.taskUUID(jobId)).isEqualTo(jobId);
    }

    @Test
    void validationAcceptsTheDocumentedShapes() {
        List<FieldError> none = adapter().validate(request(Operation.TEXT_TO_VIDEO, "klingai:5@3",
                new JobInput("x", null, List.of(), "1:1", 10, "1080p", null, null),
                Map.of("numberResults", 4, "deliveryMethod", "sync", "providerSettings", Map.of("kling", Map.of()))));
        assertThat(none).isEmpty();
        assertThat(adapter().validate(request(Operation.TEXT_TO_VIDEO, "runware:1@2",
                new JobInput("x", null, List.of(), "4:3", 30, null, 1L, null), Map.of("fps", 6)))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ callbacks

    @Test
    void takesACallbackUrlAsTheWebhookUrlTheFakeCallsWhenTheTaskEnds() throws Exception {
        assertThat(adapter().acceptsCallbackUrl()).isTrue();
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            String jobId = UUID.randomUUID().toString();
            ProviderRequest request = new ProviderRequest(jobId, Operation.TEXT_TO_VIDEO, "klingai:5@3",
                    JobInput.ofPrompt("a heron lands"), Map.of(), receiver.url("/v1/callbacks/" + jobId + "/t0ken"));

            SubmitResult submitted = adapter().submit(request, CREDENTIALS);
            JsonNode sent = fake.receivedTasks().stream()
                    .filter(t -> t.path("taskUUID").asString("").equals(jobId)).findFirst().orElseThrow();
            assertThat(sent.get("webhookURL").asString()).isEqualTo(request.callbackUrl());
            assertThat(fake.complete(submitted.taskId())).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == 1);
            assertThat(receiver.paths()).containsExactly("/v1/callbacks/" + jobId + "/t0ken");
            JsonNode item = JsonCodec.mapper().readTree(receiver.bodies().getFirst()).get("data").get(0);
            assertThat(item.get("taskUUID").asString()).isEqualTo(jobId);
            assertThat(item.get("status").asString()).isEqualTo("success");
            assertThat(item.get("videoURL").asString()).startsWith(fake.rootUrl());
            // the callback is a hint: the poll is what reports the outcome, and it agrees
            assertThat(adapter().poll(task(request, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(fake.statusRequestsOf(jobId)).isEqualTo(1);
            assertThat(receiver.bodies()).as("called back once").hasSize(1);
        }
    }

    @Test
    void theFakeRetriesACallbackThatWasNotAcceptedAndCallsNothingWithoutAWebhookUrl() throws Exception {
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            receiver.answerFirst(503);
            String jobId = UUID.randomUUID().toString();
            ProviderRequest request = new ProviderRequest(jobId, Operation.TEXT_TO_VIDEO, "klingai:5@3",
                    JobInput.ofPrompt("a heron takes off"), Map.of(), receiver.url("/hook"));
            fake.complete(adapter().submit(request, CREDENTIALS).taskId());
            // the fake records an attempt once it has the answer, which is after the receiver has the body
            await().atMost(Duration.ofSeconds(10)).until(() -> fake.callbackAttempts().stream()
                    .filter(a -> a.url().equals(request.callbackUrl())).count() == 2);
            assertThat(receiver.bodies()).hasSize(2);
            assertThat(fake.callbackAttempts()).filteredOn(a -> a.url().equals(request.callbackUrl()))
                    .extracting(FakeCallbacks.Attempt::status).containsExactly(503, 200);

            int attemptsBefore = fake.callbackAttempts().size();
            ProviderRequest silent = request(Operation.TEXT_TO_VIDEO, "klingai:5@3", JobInput.ofPrompt("no hook"), Map.of());
            SubmitResult submitted = adapter().submit(silent, CREDENTIALS);
            fake.complete(submitted.taskId());
            assertThat(adapter().poll(task(silent, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(fake.callbackAttempts()).hasSize(attemptsBefore);
        }
    }

    @Test
    void aTaskCanEndAfterATimeWhateverThePollsAndThenCallsBack() throws Exception {
        try (RunwareWireFake timed = RunwareWireFake.start(KEY); CallbackReceiver receiver = CallbackReceiver.start()) {
            timed.completeAfter(Duration.ofMillis(300));
            ProviderAdapter adapter = adapterAt(timed.baseUrl());
            String jobId = UUID.randomUUID().toString();
            ProviderRequest request = new ProviderRequest(jobId, Operation.TEXT_TO_VIDEO, "klingai:5@3",
                    JobInput.ofPrompt("tide comes in"), Map.of(), receiver.url("/hook"));
            SubmitResult submitted = adapter.submit(request, CREDENTIALS);

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == 1);
            assertThat(adapter.poll(task(request, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.SUCCEEDED);
        }
    }

    /** Stands in for the api-service's callback endpoint: records each POST, answers 200 unless told otherwise. */
    private static final class CallbackReceiver implements AutoCloseable {

        private final HttpServer server;
        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private final List<String> paths = new CopyOnWriteArrayList<>();
        private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();

        private CallbackReceiver(HttpServer server) {
            this.server = server;
        }

        static CallbackReceiver start() throws IOException {
            var server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CallbackReceiver receiver = new CallbackReceiver(server);
            server.createContext("/", exchange -> {
                try (exchange) {
                    receiver.paths.add(exchange.getRequestURI().getPath());
                    receiver.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    Integer status = receiver.statuses.poll();
                    exchange.sendResponseHeaders(status == null ? 200 : status, -1);
                }
            });
            server.start();
            return receiver;
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void answerFirst(int status) {
            statuses.add(status);
        }

        List<String> bodies() {
            return List.copyOf(bodies);
        }

        List<String> paths() {
            return List.copyOf(paths);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Kind submitAt(String scenario, int status, String code) {
        ProviderException e = submitFailure(scenario, CannedResponse.json(status,
                "{\"data\":[],\"errors\":[{\"code\":\"" + code + "\",\"message\":\"m\",\"parameter\":\"p\"}]}"));
        assertThat(e.getMessage()).contains(code);
        return e.kind();
    }

    private static String taskUuidIn(RecordedRequest request) {
        return JsonCodec.mapper().readTree(request.body()).get(0).get("taskUUID").asString();
    }

    private static ProviderRequest request(Operation operation, String model, JobInput input, Map<String, Object> options) {
        return new ProviderRequest(UUID.randomUUID().toString(), operation, model, input, options, null);
    }

    private static InvalidRequest invalid(Operation operation, String model, JobInput input, Map<String, Object> options, String field) {
        return new InvalidRequest(request(operation, model, input, options), field);
    }

    private static JobInput withDuration(int seconds) {
        return new JobInput("a cat", null, List.of(), null, seconds, null, null, null);
    }

    private static byte[] downloaded(String url) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String url, String json) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
