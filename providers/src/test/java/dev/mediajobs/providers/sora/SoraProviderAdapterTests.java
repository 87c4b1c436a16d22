package dev.mediajobs.providers.sora;

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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Sora adapter against {@link SoraWireFake}, plus a {@link CannedHttpServer} for what the fake never says. */
class SoraProviderAdapterTests extends WireFakeContractTest<SoraWireFake> {

    private static final String KEY = "sora-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 12;
    private static final String REFERENCE = "https://example.com/reference.jpg";

    SoraProviderAdapterTests() {
        super(CREDENTIALS, SoraWireFake::start, SoraProviderAdapter::new);
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_VIDEO, input("A cinematic scene of a character walking through a forest", List.of(), null, null, null), Map.of()),
                request(Operation.TEXT_TO_VIDEO, input("rain on a window", List.of(), "9:16", 5, "720p"), Map.of("fps", 30)),
                request(Operation.IMAGE_TO_VIDEO, input("the character turns around", List.of(REFERENCE), null, 10, "1920x1080"), Map.of()),
                withModel(request(Operation.IMAGE_TO_VIDEO, input("slow push in", List.of(REFERENCE, "https://example.com/b.png"), "16:9", null, null),
                        Map.of()), "sora-2"));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        return List.of(
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of()), "operation"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt(" "), Map.of()), "input.prompt"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, input(null, List.of(REFERENCE), null, null, null), Map.of()), "input.prompt"),
                new InvalidRequest(withModel(request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("x"), Map.of()), "veo-3"), "model"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, JobInput.ofPrompt("x"), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("x", List.of(REFERENCE), null, null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("x", List.of(), null, 0, null), Map.of()), "input.durationSeconds"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("x", List.of(), "wide", null, null), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("x", List.of(), null, null, "big"), Map.of()), "input.resolution"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, input("x", List.of(), "9:16", null, "1920x1080"), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("x", "blur", List.of(), null, null, null, null, null), Map.of()), "input.negativePrompt"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("x", null, List.of(), null, null, null, 4L, null), Map.of()), "input.seed"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, new JobInput("x", null, List.of(), null, null, null, null, true), Map.of()), "input.loop"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("x"), Map.of("fps", 0)), "options.fps"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("x"), Map.of("fps", 23.976)), "options.fps"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("x"), Map.of("duration", 20)), "options.duration"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("please " + SoraWireFake.FAIL_WORD), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "wrong-sora-key-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"error\":{\"message\":\"rate limit: 5 requests per minute\"}}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(500, "{\"error\":{\"message\":\"internal\"}}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>accepted</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-video-id", CannedResponse.json(200, "{\"id\":\"v-1\",\"status\":\"queued\"}")),
                cannedEndpoint("submit-video-id-is-array", CannedResponse.json(200, "{\"video_id\":[\"v-1\"]}")),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"video_id\":\"v-1\"}]")),
                cannedEndpoint("submit-done-without-url", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":\"completed\"}")),
                cannedEndpoint("submit-redirect", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "rendering")),
                cannedEndpoint("poll-no-status", CannedResponse.json(200, "{\"video_id\":\"v-1\"}")),
                cannedEndpoint("poll-status-is-number", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":{\"code\":3}}")),
                cannedEndpoint("poll-unknown-status", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":\"melted\"}")),
                cannedEndpoint("poll-completed-without-url", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":\"completed\"}")),
                cannedEndpoint("poll-completed-with-relative-url", CannedResponse.json(200,
                        "{\"video_id\":\"v-1\",\"status\":\"completed\",\"video_url\":\"/files/v-1.mp4\"}")),
                cannedEndpoint("poll-array", CannedResponse.json(200, "[]")));
    }

    // ------------------------------------------------------------------------------------------------ Sora specifics

    @Test
    void describesVideoWithTheDocumentedLimitsAndPrices() {
        ProviderDescriptor descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("sora");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO);
        assertThat(descriptor.models()).containsExactly("sora-2");
        assertThat(descriptor.limits()).containsEntry("requestsPerMinute", 5).containsEntry("videosPerMonth", 100)
                .containsEntry("defaultRetryAfterSeconds", 60);
        assertThat(descriptor.priceNotes()).contains("free", "to be announced");
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(10_000);
        assertThat(descriptor.supportsCancel()).isFalse();
    }

    @Test
    void submitSendsTheDocumentedBodyWithItsDefaults() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("recorder", CannedResponse.json(200, "{\"video_id\":\"v-42\"}"));
        SubmitResult submitted = adapterAt(baseUrl).submit(request(Operation.IMAGE_TO_VIDEO,
                input("A cinematic scene of a character walking through a forest", List.of(REFERENCE), null, null, null),
                Map.of("style", "film noir")), CREDENTIALS);

        assertThat(submitted.taskId()).isEqualTo("v-42");
        assertThat(submitted.immediate()).isNull();
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(10_000);
        RecordedRequest sent = canned.requests("recorder").getLast();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/video/generate");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JsonCodec.mapper().readTree(sent.body());
        assertThat(body.get("prompt").asString()).isEqualTo("A cinematic scene of a character walking through a forest");
        assertThat(body.get("duration").asInt()).isEqualTo(10);
        assertThat(body.get("resolution").asString()).isEqualTo("1920x1080");
        assertThat(body.get("fps").asInt()).isEqualTo(24);
        assertThat(body.get("reference_images")).hasSize(1);
        assertThat(body.get("reference_images").get(0).asString()).isEqualTo(REFERENCE);
        assertThat(body.get("style").asString()).as("other options pass through").isEqualTo("film noir");
    }

    @Test
    void resolutionsAndAspectRatiosBecomeTheDocumentsWidthByHeight() throws ProviderException {
        assertResolution(input("x", List.of(), "9:16", 5, "720p"), "720x1280");
        assertResolution(input("x", List.of(), null, null, "1080p"), "1920x1080");
        assertResolution(input("x", List.of(), "1:1", null, null), "1080x1080");
        assertResolution(input("x", List.of(), null, null, "1280X720"), "1280x720");
    }

    @Test
    void pollAsksTheStatusCallAndGoesQueuedRunningSucceededWithAVideoTheFakeServes() throws Exception {
        ProviderRequest request = validRequests().get(0);
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        ProviderTask task = task(request, submitted);

        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        PollResult running = adapter().poll(task, CREDENTIALS);
        assertThat(running.status()).isEqualTo(PollResult.Status.RUNNING);
        assertThat(running.progress()).isEqualTo(50);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.result()).containsEntry("usage", Map.of("videos", 1));
        String url = done.assets().getFirst().url();
        assertThat(url).isEqualTo(fake.baseUrl() + "/files/" + submitted.taskId() + ".mp4");

        HttpResponse<byte[]> video = fetch(url);
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.body()).startsWith(SoraWireFake.MP4);
    }

    @Test
    void statusIsAskedAtTheChosenPathWithTheKey() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("status-recorder", CannedResponse.json(200, "{\"status\":\"processing\",\"progress\":12.6}"));
        PollResult running = adapterAt(baseUrl).poll(new ProviderTask("job-1", "v-9", Operation.TEXT_TO_VIDEO, null), CREDENTIALS);
        assertThat(running.progress()).isEqualTo(13);
        RecordedRequest sent = canned.requests("status-recorder").getLast();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1/video/status/v-9");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aFailedVideoCarriesSorasReason() throws ProviderException {
        ProviderRequest request = requestThatFails();
        ProviderTask task = task(request, adapter().submit(request, CREDENTIALS));
        PollResult result = pollUntilDone(task);
        assertThat(result.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(result.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(result.failure().message()).isEqualTo(SoraWireFake.FAILURE_MESSAGE);
        assertThat(result.failure().provider()).isEqualTo("sora");
    }

    @Test
    void aGenerateAnswerThatIsAlreadyDoneNeedsNoPoll() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("done-at-once", CannedResponse.json(200,
                "{\"video_id\":\"v-7\",\"status\":\"completed\",\"video_url\":\"https://cdn.example.com/v-7.mp4\"}"));
        SubmitResult submitted = adapterAt(baseUrl).submit(validRequests().get(0), CREDENTIALS);
        assertThat(submitted.immediate().status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(submitted.immediate().assets()).singleElement().satisfies(a -> assertThat(a.url()).isEqualTo("https://cdn.example.com/v-7.mp4"));

        String failedAtOnce = canned.baseUrlAnswering("failed-at-once", CannedResponse.json(200,
                "{\"video_id\":\"v-8\",\"status\":\"failed\",\"error\":{\"message\":\"prompt rejected\"}}"));
        PollResult failed = adapterAt(failedAtOnce).submit(validRequests().get(0), CREDENTIALS).immediate();
        assertThat(failed.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(failed.failure().message()).isEqualTo("prompt rejected");
    }

    @Test
    void aCanceledVideoIsCanceled() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("canceled", CannedResponse.json(200, "{\"video_id\":\"v-1\",\"status\":\"cancelled\"}"));
        PollResult canceled = adapterAt(baseUrl).poll(someTask(), CREDENTIALS);
        assertThat(canceled.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(canceled.failure().code()).isEqualTo(ErrorCodes.CANCELED);
    }

    @Test
    void a429WithoutRetryAfterWaitsTheDocumentsSixtySeconds() {
        ProviderException e = pollFailure("bare-429", CannedResponse.json(429, "{}"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void errorsInsideA200AreMappedByTheirCode() {
        ProviderException e = submitFailure("credits-in-200", CannedResponse.json(200, "{\"error\":{\"code\":402,\"message\":\"beta quota used up\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.getMessage()).contains("beta quota used up");
    }

    @Test
    void anUnknownVideoIsNotFound() {
        ProviderException e = failure(() -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aKeyEchoedByTheProviderIsRedacted() {
        ProviderException e = submitFailure("echo", request -> CannedResponse.json(403,
                "{\"error\":{\"message\":\"beta access denied for " + request.header("Authorization") + "\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(KEY);
    }

    @Test
    void aMissingKeyIsAuthWithoutACall() {
        int before = fake.recordedBodies().size();
        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), new ProviderCredentials("default", "tab\there")));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(fake.recordedBodies()).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertResolution(JobInput input, String expected) throws ProviderException {
        String scenario = "resolution-" + UUID.randomUUID();
        String baseUrl = canned.baseUrlAnswering(scenario, CannedResponse.json(200, "{\"video_id\":\"v-1\"}"));
        ProviderRequest request = request(Operation.TEXT_TO_VIDEO, input, Map.of());
        assertThat(adapterAt(baseUrl).validate(request)).isEmpty();
        adapterAt(baseUrl).submit(request, CREDENTIALS);
        JsonNode body = lastBodyAt(scenario);
        assertThat(body.get("resolution").asString()).as("for %s %s", input.resolution(), input.aspectRatio()).isEqualTo(expected);
    }

    private static JobInput input(String prompt, List<String> images, String aspectRatio, Integer seconds, String resolution) {
        return new JobInput(prompt, null, images, aspectRatio, seconds, resolution, null, null);
    }
}
