package dev.mediajobs.providers.veo3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderAdapterContractTest;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.CannedHttpServer.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Veo3 adapter against {@link Veo3WireFake}, plus a {@link CannedHttpServer} for what the fake never says. */
class Veo3ProviderAdapterTests extends ProviderAdapterContractTest {

    private static final String KEY = "veo3-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 6;

    private Veo3WireFake veo3;
    private CannedHttpServer canned;

    @BeforeAll
    void startFakes() {
        veo3 = Veo3WireFake.start(KEY);
        canned = CannedHttpServer.start();
    }

    @AfterAll
    void stopFakes() {
        veo3.close();
        canned.close();
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected ProviderAdapter adapterAt(String baseUrl) {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(baseUrl);
        settings.setConnectTimeout(Duration.ofSeconds(2));
        settings.setRequestTimeout(Duration.ofSeconds(10));
        return new Veo3ProviderAdapter(settings);
    }

    @Override
    protected String fakeBaseUrl() {
        return veo3.baseUrl();
    }

    @Override
    protected ProviderCredentials credentials() {
        return CREDENTIALS;
    }

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(input("A drone shot over a glacier at dawn", null, null, null), Map.of()),
                request(input("a paper boat in a gutter", "9:16", 8, "720p"), Map.of("fps", 30)),
                withModel(request(input("city lights", null, 10, "1920x1080"), Map.of()), "veo-3"));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        return List.of(
                new InvalidRequest(new ProviderRequest("j", Operation.IMAGE_TO_VIDEO, null,
                        new JobInput("x", null, List.of("https://example.com/a.png"), null, null, null, null, null), Map.of(), null), "operation"),
                new InvalidRequest(request(JobInput.ofPrompt(" "), Map.of()), "input.prompt"),
                new InvalidRequest(withModel(request(JobInput.ofPrompt("x"), Map.of()), "sora-2"), "model"),
                new InvalidRequest(request(new JobInput("x", null, List.of("https://example.com/a.png"), null, null, null, null, null), Map.of()),
                        "input.imageUrls"),
                new InvalidRequest(request(input("x", null, 0, null), Map.of()), "input.durationSeconds"),
                new InvalidRequest(request(input("x", "portrait", null, null), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(input("x", null, null, "huge"), Map.of()), "input.resolution"),
                new InvalidRequest(request(input("x", "1:1", null, "1920x1080"), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(new JobInput("x", "blur", List.of(), null, null, null, null, null), Map.of()), "input.negativePrompt"),
                new InvalidRequest(request(new JobInput("x", null, List.of(), null, null, null, 4L, null), Map.of()), "input.seed"),
                new InvalidRequest(request(new JobInput("x", null, List.of(), null, null, null, null, false), Map.of()), "input.loop"),
                new InvalidRequest(request(JobInput.ofPrompt("x"), Map.of("fps", -24)), "options.fps"),
                new InvalidRequest(request(JobInput.ofPrompt("x"), Map.of("resolution", "1920x1080")), "options.resolution"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(JobInput.ofPrompt("please " + Veo3WireFake.FAIL_WORD), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", veo3.baseUrl(), new ProviderCredentials("default", "wrong-veo3-key-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedEndpoint("rate-limited", CannedResponse.json(429,
                "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}")
                .withHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(503, "{\"error\":{\"code\":503,\"message\":\"unavailable\",\"status\":\"UNAVAILABLE\"}}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>accepted</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-operation-instead-of-video-id", CannedResponse.json(200, "{\"name\":\"operations/abc\"}")),
                cannedEndpoint("submit-video-id-is-object", CannedResponse.json(200, "{\"video_id\":{\"id\":\"v-1\"}}")),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"video_id\":\"v-1\"}]")),
                cannedEndpoint("submit-redirect", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "rendering")),
                cannedEndpoint("poll-no-status", CannedResponse.json(200, "{\"video_id\":\"v-1\"}")),
                cannedEndpoint("poll-unknown-status", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":\"thinking\"}")),
                cannedEndpoint("poll-completed-without-url", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":\"completed\"}")),
                cannedEndpoint("poll-number", CannedResponse.json(200, "42")));
    }

    // ------------------------------------------------------------------------------------------------ Veo3 specifics

    @Test
    void describesTextToVideoWithTheDocumentedLimitsAndPrices() {
        ProviderDescriptor descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("veo3");
        assertThat(descriptor.operations()).containsExactly(Operation.TEXT_TO_VIDEO);
        assertThat(descriptor.models()).containsExactly("veo-3");
        assertThat(descriptor.limits()).containsEntry("requestsPerMinute", 10).containsEntry("freeMinutesPerMonth", 100)
                .containsEntry("defaultRetryAfterSeconds", 60);
        assertThat(descriptor.priceNotes()).contains("100 minutes", "$0.10 per minute");
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(10_000);
    }

    @Test
    void submitSendsTheDocumentedBodyWithItsDefaults() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("recorder", CannedResponse.json(200, "{\"video_id\":\"v-42\"}"));
        SubmitResult submitted = adapterAt(baseUrl).submit(request(JobInput.ofPrompt("A drone shot"), Map.of("camera", "dolly")), CREDENTIALS);

        assertThat(submitted.taskId()).isEqualTo("v-42");
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(10_000);
        RecordedRequest sent = canned.requests("recorder").getLast();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/video/generate");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JsonCodec.mapper().readTree(sent.body());
        assertThat(body.get("prompt").asString()).isEqualTo("A drone shot");
        assertThat(body.get("duration").asInt()).isEqualTo(10);
        assertThat(body.get("resolution").asString()).isEqualTo("1920x1080");
        assertThat(body.get("fps").asInt()).isEqualTo(24);
        assertThat(body.has("reference_images")).isFalse();
        assertThat(body.get("camera").asString()).as("other options pass through").isEqualTo("dolly");
    }

    @Test
    void pollAsksTheStatusCallAndEndsWithAVideoTheFakeServes() throws Exception {
        ProviderRequest request = validRequests().get(1);
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        assertThat(veo3.recordedBodies().getLast().get("resolution").asString()).isEqualTo("720x1280");
        ProviderTask task = task(request, submitted);

        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.RUNNING);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        String url = done.assets().getFirst().url();
        assertThat(url).isEqualTo(veo3.baseUrl() + "/files/" + submitted.taskId() + ".mp4");
        HttpResponse<byte[]> video = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.body()).startsWith(Veo3WireFake.MP4);
    }

    @Test
    void aFailedVideoCarriesVeo3sReason() throws ProviderException {
        ProviderRequest request = requestThatFails();
        ProviderTask task = task(request, adapter().submit(request, CREDENTIALS));
        PollResult result;
        do {
            result = adapter().poll(task, CREDENTIALS);
        } while (result.status() != PollResult.Status.FAILED && result.status() != PollResult.Status.SUCCEEDED);
        assertThat(result.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(result.failure().message()).isEqualTo(Veo3WireFake.FAILURE_MESSAGE);
    }

    @Test
    void googleStyleErrorsInsideA200AreMappedByTheirStatus() {
        String exhausted = canned.baseUrlAnswering("exhausted-in-200", CannedResponse.json(200,
                "{\"error\":{\"message\":\"free minutes used up\",\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> adapterAt(exhausted).submit(validRequests().get(0), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);

        String denied = canned.baseUrlAnswering("denied-in-200", CannedResponse.json(200,
                "{\"error\":{\"message\":\"Veo3 API not enabled\",\"status\":\"PERMISSION_DENIED\"}}"));
        e = catchThrowableOfType(ProviderException.class, () -> adapterAt(denied).poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Veo3 API not enabled");
    }

    @Test
    void a429WithoutRetryAfterWaitsTheDocumentsSixtySeconds() {
        String baseUrl = canned.baseUrlAnswering("bare-429", CannedResponse.json(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> adapterAt(baseUrl).submit(validRequests().get(0), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anUnknownVideoIsNotFound() {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aKeyEchoedByTheProviderIsRedacted() {
        String baseUrl = canned.baseUrlAnswering("echo", request -> CannedResponse.json(401,
                "{\"error\":{\"code\":401,\"message\":\"bad credential " + request.header("Authorization") + "\",\"status\":\"UNAUTHENTICATED\"}}"));
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> adapterAt(baseUrl).poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(KEY);
    }

    @Test
    void aMissingKeyIsAuthWithoutACall() {
        int before = veo3.recordedBodies().size();
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> adapter().submit(validRequests().get(0), null));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(veo3.recordedBodies()).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Endpoint cannedEndpoint(String scenario, CannedResponse response) {
        return new Endpoint(scenario, canned.baseUrlAnswering(scenario, response), CREDENTIALS);
    }

    private static JobInput input(String prompt, String aspectRatio, Integer seconds, String resolution) {
        return new JobInput(prompt, null, List.of(), aspectRatio, seconds, resolution, null, null);
    }

    private static ProviderRequest request(JobInput input, Map<String, Object> options) {
        return new ProviderRequest("job-" + UUID.randomUUID(), Operation.TEXT_TO_VIDEO, null, input, new LinkedHashMap<>(options), null);
    }

    private static ProviderRequest withModel(ProviderRequest r, String model) {
        return new ProviderRequest(r.clientTaskId(), r.operation(), model, r.input(), r.options(), r.callbackUrl());
    }
}
