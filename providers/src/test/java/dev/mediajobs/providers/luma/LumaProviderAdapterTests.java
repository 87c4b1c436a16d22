package dev.mediajobs.providers.luma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.WireFakeContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Luma adapter against {@link LumaWireFake}, plus a {@link CannedHttpServer} for 429, 5xx and garbage. */
class LumaProviderAdapterTests extends WireFakeContractTest<LumaWireFake> {

    private static final String KEY = "luma-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 13;
    private static final String IMAGE = "https://example.com/first-frame.jpg";

    LumaProviderAdapterTests() {
        super(CREDENTIALS, LumaWireFake::start, LumaProviderAdapter::new);
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_VIDEO, new JobInput("a cinematic shot of a sunset over the ocean", null, List.of(), "21:9", 5, null, null, false), Map.of()),
                request(Operation.IMAGE_TO_VIDEO, new JobInput("camera zooms in slowly", null, List.of(IMAGE), "16:9", null, null, null, true), Map.of()),
                request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("the wave keeps rolling toward the shore"),
                        Map.of("extendGenerationId", fake.completedGenerationId())));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        JobInput prompt = JobInput.ofPrompt("waves");
        return List.of(
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, prompt, Map.of()), "operation"),
                new InvalidRequest(new ProviderRequest("j", Operation.TEXT_TO_VIDEO, "ray-2", prompt, Map.of(), null), "model"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, new JobInput(null, null, List.of(IMAGE), null, null, null, null, null), Map.of()), "input.prompt"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("waves", "5:4", null), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("waves", null, 10), Map.of()), "input.durationSeconds"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("waves", null, List.of(IMAGE), null, null, null, null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, prompt, Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, new JobInput("x", null, List.of(IMAGE, IMAGE), null, null, null, null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("waves", "people", List.of(), null, null, null, null, null), Map.of()), "input.negativePrompt"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("waves", null, List.of(), null, null, null, 5L, null), Map.of()), "input.seed"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("waves", null, List.of(), null, null, "1080p", null, null), Map.of()), "input.resolution"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, prompt, Map.of("extendGenerationId", " ")), "options.extendGenerationId"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, prompt, Map.of("extendGenerationId", 42)), "options.extendGenerationId"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, new JobInput("x", null, List.of(IMAGE), null, null, null, null, null),
                        Map.of("extendGenerationId", "gen-1")), "options.extendGenerationId"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, prompt, Map.of("aspect_ratio", "16:9")), "options.aspect_ratio"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("something " + LumaWireFake.FAIL_MARKER), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "luma-wrong-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"detail\":\"Too many requests\"}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(500, "{\"detail\":\"Generation failed\"}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(201, "<html>ok</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(201, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-id", CannedResponse.json(201, "{\"state\":\"queued\"}")),
                cannedEndpoint("submit-id-is-object", CannedResponse.json(201, "{\"id\":{\"v\":1},\"state\":\"queued\"}")),
                cannedEndpoint("submit-array", CannedResponse.json(201, "[{\"id\":\"g-1\"}]")),
                cannedEndpoint("submit-unexpected-status", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "fine")),
                cannedEndpoint("poll-no-state", CannedResponse.json(200, "{\"id\":\"g-1\"}")),
                cannedEndpoint("poll-state-is-object", CannedResponse.json(200, "{\"id\":\"g-1\",\"state\":{\"s\":1}}")),
                cannedEndpoint("poll-unknown-state", CannedResponse.json(200, "{\"id\":\"g-1\",\"state\":\"sleeping\"}")),
                cannedEndpoint("poll-completed-without-assets", CannedResponse.json(200, "{\"id\":\"g-1\",\"state\":\"completed\"}")),
                cannedEndpoint("poll-completed-assets-null", CannedResponse.json(200, "{\"id\":\"g-1\",\"state\":\"completed\",\"assets\":null}")),
                cannedEndpoint("poll-video-not-a-url", CannedResponse.json(200, "{\"id\":\"g-1\",\"state\":\"completed\",\"assets\":{\"video\":\"v.mp4\"}}")),
                cannedEndpoint("poll-string", CannedResponse.json(200, "\"completed\"")));
    }

    // ------------------------------------------------------------------------------------------------ luma specifics

    @Test
    void describesDreamMachineWithTheDocumentedPollingLimitsAndCosts() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("luma");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO);
        assertThat(descriptor.models()).isEmpty();
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(5_000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(600);
        assertThat(descriptor.limits()).containsEntry("maxConcurrentTasks", 10);
        assertThat(descriptor.priceNotes()).contains("$0.20-0.40", "may still be charged");
        assertThat(descriptor.constraints()).containsKey("options.extendGenerationId");
    }

    @Test
    void textToVideoSendsPromptAspectRatioAndLoop() throws Exception {
        JsonNode body = submittedBody(validRequests().get(0));
        assertThat(body.propertyNames()).containsExactly("prompt", "aspect_ratio", "loop");
        assertThat(body.get("prompt").asString()).isEqualTo("a cinematic shot of a sunset over the ocean");
        assertThat(body.get("aspect_ratio").asString()).isEqualTo("21:9");
        assertThat(body.get("loop").asBoolean()).isFalse();
        LumaWireFake.Received post = fake.received().getLast();
        assertThat(post.path()).isEqualTo("/dream-machine/v1/generations");
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void imageToVideoStartsFromAnImageKeyframe() throws Exception {
        JsonNode body = submittedBody(validRequests().get(1));
        assertThat(body.get("loop").asBoolean()).isTrue();
        JsonNode frame0 = body.get("keyframes").get("frame0");
        assertThat(frame0.get("type").asString()).isEqualTo("image");
        assertThat(frame0.get("url").asString()).isEqualTo(IMAGE);
    }

    @Test
    void anExtensionStartsFromTheEarlierGeneration() throws Exception {
        JsonNode body = submittedBody(validRequests().get(2));
        assertThat(body.propertyNames()).containsExactly("prompt", "keyframes");
        JsonNode frame0 = body.get("keyframes").get("frame0");
        assertThat(frame0.get("type").asString()).isEqualTo("generation");
        assertThat(frame0.get("id").asString()).isEqualTo(fake.completedGenerationId());
    }

    @Test
    void extendingAGenerationLumaDoesNotKnowIsLumasOwn400() {
        ProviderRequest unknown = request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("go on"), Map.of("extendGenerationId", "no-such-generation"));
        assertThat(adapter().validate(unknown)).isEmpty();
        ProviderException e = failure(() -> adapter().submit(unknown, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("no generation with that id");
    }

    @Test
    void aGenerationIsQueuedThenDreamingThenCompletedWithADownloadableVideo() throws Exception {
        ProviderRequest request = validRequests().get(0);
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(5_000);
        ProviderTask task = task(request, submitted);
        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.RUNNING);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(fake.received().getLast().path()).isEqualTo("/dream-machine/v1/generations/" + submitted.taskId());
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).singleElement().satisfies(asset -> {
            assertThat(asset.contentType()).isEqualTo("video/mp4");
            assertThat(download(asset.url())).isEqualTo(LumaWireFake.MP4);
        });
    }

    @Test
    void aFailedGenerationCarriesItsFailureReasonAndIsNotRetried() throws ProviderException {
        ProviderRequest request = requestThatFails();
        PollResult failed = pollUntilDone(task(request, adapter().submit(request, CREDENTIALS)));
        assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.failure().message()).isEqualTo(LumaWireFake.FAILURE_REASON);
        assertThat(failed.failure().retryable()).as("failed generations may still be charged").isFalse();
    }

    @Test
    void aServerErrorWithoutRetryAfterWaitsTheDocumented30Seconds() {
        ProviderException e = failure(() -> adapterAt(serverError().baseUrl()).poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));

        ProviderException told = pollFailure("server-error-with-retry-after",
                CannedResponse.json(503, "{\"detail\":\"busy\"}").withHeader("Retry-After", "4"));
        assertThat(told.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void anUnknownGenerationIsNotFoundAndAnEchoedKeyIsRedacted() {
        assertThat(failure(() -> adapter().poll(someTask(), CREDENTIALS)).kind()).isEqualTo(Kind.NOT_FOUND);
        ProviderCredentials wrong = new ProviderCredentials("default", "luma-echoed-789");
        ProviderException auth = failure(() -> adapter().submit(validRequests().get(0), wrong));
        assertThat(auth.kind()).isEqualTo(Kind.AUTH);
        assertThat(auth.getMessage()).contains("Bearer ***").doesNotContain("luma-echoed-789");
    }

    @Test
    void anErrorEnvelopeInA200IsMappedByItsWording() {
        ProviderException e = submitFailure("envelope-200", CannedResponse.json(200, "{\"error\":\"rate limit exceeded, slow down\"}"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void theFakeRejectsWhatLumaWould() throws Exception {
        assertThat(rawSubmit("{\"prompt\":\"x\",\"aspectRatio\":\"16:9\"}")).as("wrong field name").isEqualTo(400);
        assertThat(rawSubmit("{\"prompt\":\"x\",\"aspect_ratio\":\"5:4\"}")).isEqualTo(400);
        assertThat(rawSubmit("{\"prompt\":\"x\",\"keyframes\":{\"frame0\":{\"type\":\"image\",\"uri\":\"http://x.test/a.png\"}}}")).isEqualTo(400);
        assertThat(rawSubmit("{\"prompt\":\"x\"}")).isEqualTo(201);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private JsonNode submittedBody(ProviderRequest request) throws Exception {
        int before = fake.received().size();
        adapter().submit(request, CREDENTIALS);
        return JsonCodec.mapper().readTree(fake.received().get(before).body());
    }

    private int rawSubmit(String json) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/generations"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static JobInput input(String prompt, String aspectRatio, Integer duration) {
        return new JobInput(prompt, null, List.of(), aspectRatio, duration, null, null, null);
    }
}
