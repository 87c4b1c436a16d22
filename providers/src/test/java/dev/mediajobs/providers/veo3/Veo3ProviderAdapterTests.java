package dev.mediajobs.providers.veo3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.CannedHttpServer.RecordedRequest;
import dev.mediajobs.providers.testing.WireFakeContractTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Veo3 adapter against {@link Veo3WireFake}, plus a {@link CannedHttpServer} for what the fake never says. */
class Veo3ProviderAdapterTests extends WireFakeContractTest<Veo3WireFake> {

    private static final String KEY = "veo3-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 6;

    Veo3ProviderAdapterTests() {
        super(CREDENTIALS, Veo3WireFake::start, Veo3ProviderAdapter::new);
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

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
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "wrong-veo3-key-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
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
        assertThat(fake.recordedBodies().getLast().get("resolution").asString()).isEqualTo("720x1280");
        ProviderTask task = task(request, submitted);

        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.RUNNING);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        String url = done.assets().getFirst().url();
        assertThat(url).isEqualTo(fake.baseUrl() + "/files/" + submitted.taskId() + ".mp4");
        HttpResponse<byte[]> video = fetch(url);
        assertThat(video.body()).startsWith(Veo3WireFake.MP4);
    }

    @Test
    void aFailedVideoCarriesVeo3sReason() throws ProviderException {
        ProviderRequest request = requestThatFails();
        ProviderTask task = task(request, adapter().submit(request, CREDENTIALS));
        PollResult result = pollUntilDone(task);
        assertThat(result.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(result.failure().message()).isEqualTo(Veo3WireFake.FAILURE_MESSAGE);
    }

    @Test
    void googleStyleErrorsInsideA200AreMappedByTheirStatus() {
        ProviderException e = submitFailure("exhausted-in-200", CannedResponse.json(200,
                "{\"error\":{\"message\":\"free minutes used up\",\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);

        e = pollFailure("denied-in-200", CannedResponse.json(200,
                "{\"error\":{\"message\":\"Veo3 API not enabled\",\"status\":\"PERMISSION_DENIED\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Veo3 API not enabled");
    }

    @Test
    void a429WithoutRetryAfterWaitsTheDocumentsSixtySeconds() {
        ProviderException e = submitFailure("bare-429", CannedResponse.json(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anUnknownVideoIsNotFound() {
        ProviderException e = failure(() -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aKeyEchoedByTheProviderIsRedacted() {
        ProviderException e = pollFailure("echo", request -> CannedResponse.json(401,
                "{\"error\":{\"code\":401,\"message\":\"bad credential " + request.header("Authorization") + "\",\"status\":\"UNAUTHENTICATED\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(KEY);
    }

    @Test
    void aMissingKeyIsAuthWithoutACall() {
        int before = fake.recordedBodies().size();
        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), null));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(fake.recordedBodies()).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static JobInput input(String prompt, String aspectRatio, Integer seconds, String resolution) {
        return new JobInput(prompt, null, List.of(), aspectRatio, seconds, resolution, null, null);
    }

    /** Veo3 makes videos from text only. */
    private static ProviderRequest request(JobInput input, Map<String, Object> options) {
        return request(Operation.TEXT_TO_VIDEO, input, options);
    }
}
