package dev.mediajobs.providers.nanobanana;

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
import dev.mediajobs.providers.config.ProviderSettings;
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

/** The Nanobanana adapter against {@link NanobananaWireFake}, plus a {@link CannedHttpServer} for what the fake never says. */
class NanobananaProviderAdapterTests extends WireFakeContractTest<NanobananaWireFake> {

    private static final String KEY = "nanobanana-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 9;
    private static final String REFERENCE = "https://example.com/reference.jpg";

    NanobananaProviderAdapterTests() {
        super(CREDENTIALS, NanobananaWireFake::start, NanobananaProviderAdapter::new);
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_IMAGE, input("A cinematic shot of a sunset over mountains", List.of(), null, null), Map.of()),
                request(Operation.TEXT_TO_IMAGE, input("a storyboard frame", List.of(), "4:3", "2K"), Map.of("steps", 40, "guidance_scale", 6)),
                request(Operation.IMAGE_TO_IMAGE, input("the same street at night", List.of(REFERENCE), null, "1920x1080"),
                        Map.of("reference_strength", 0.5)),
                withModel(request(Operation.IMAGE_TO_IMAGE, input("in watercolour", List.of(REFERENCE, "https://example.com/b.png"), null, null),
                        Map.of()), "nanobanana-pro"));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        return List.of(
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, JobInput.ofPrompt("x"), Map.of()), "operation"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt(" "), Map.of()), "input.prompt"),
                new InvalidRequest(withModel(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of()), "dall-e-3"), "model"),
                new InvalidRequest(request(Operation.IMAGE_TO_IMAGE, JobInput.ofPrompt("x"), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, input("x", List.of(REFERENCE), null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, input("x", List.of(), null, "8K"), Map.of()), "input.resolution"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, input("x", List.of(), null, "5000x2000"), Map.of()), "input.resolution"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, input("x", List.of(), "wide", null), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, input("x", List.of(), "1:1", "1920x1080"), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, new JobInput("x", "blurry", List.of(), null, null, null, null, null), Map.of()), "input.negativePrompt"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, new JobInput("x", null, List.of(), null, 5, null, null, null), Map.of()), "input.durationSeconds"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, new JobInput("x", null, List.of(), null, null, null, 3L, null), Map.of()), "input.seed"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, new JobInput("x", null, List.of(), null, null, null, null, true), Map.of()), "input.loop"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of("steps", 0)), "options.steps"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of("steps", 2.5)), "options.steps"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of("guidance_scale", 0)), "options.guidance_scale"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of("guidance_scale", "high")), "options.guidance_scale"),
                new InvalidRequest(request(Operation.IMAGE_TO_IMAGE, input("x", List.of(REFERENCE), null, null), Map.of("reference_strength", 1.5)),
                        "options.reference_strength"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of("reference_strength", 0.5)), "options.reference_strength"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("x"), Map.of("width", 512)), "options.width"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(Operation.TEXT_TO_IMAGE, JobInput.ofPrompt("please " + NanobananaWireFake.FAIL_WORD), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "wrong-nanobanana-key-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"error\":\"rate limit exceeded\"}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(502, "{\"error\":\"bad gateway\"}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>accepted</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-task-id", CannedResponse.json(200, "{\"status\":\"pending\"}")),
                cannedEndpoint("submit-task-id-is-object", CannedResponse.json(200, "{\"task_id\":{\"id\":\"t-1\"}}")),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"task_id\":\"t-1\"}]")),
                cannedEndpoint("submit-redirect", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "done, probably")),
                cannedEndpoint("poll-no-status", CannedResponse.json(200, "{\"task_id\":\"t-1\"}")),
                cannedEndpoint("poll-status-is-object", CannedResponse.json(200, "{\"task_id\":\"t-1\",\"status\":{\"s\":1}}")),
                cannedEndpoint("poll-unknown-status", CannedResponse.json(200, "{\"task_id\":\"t-1\",\"status\":\"exploded\"}")),
                cannedEndpoint("poll-completed-without-url", CannedResponse.json(200, "{\"task_id\":\"t-1\",\"status\":\"completed\"}")),
                cannedEndpoint("poll-completed-with-ftp-url", CannedResponse.json(200,
                        "{\"task_id\":\"t-1\",\"status\":\"completed\",\"image_url\":\"ftp://example.com/a.png\"}")),
                cannedEndpoint("poll-string", CannedResponse.json(200, "\"completed\"")));
    }

    // ------------------------------------------------------------------------------------------------ Nanobanana specifics

    @Test
    void describesImagesWithTheDocumentedLimitsAndPrices() {
        ProviderDescriptor descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("nanobanana");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE);
        assertThat(descriptor.models()).containsExactly("nanobanana-pro");
        assertThat(descriptor.limits()).containsEntry("requestsPerMinute", 10).containsEntry("imagesPerDayFreeTier", 5)
                .containsEntry("defaultRetryAfterSeconds", 60);
        assertThat(descriptor.priceNotes()).contains("5 images per day", "$9.99/month for 100 images", "$29.99/month for 500 images");
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(5_000);
        assertThat(descriptor.supportsCancel()).isFalse();
    }

    @Test
    void settingsOverrideThePollIntervalAndTimeout() {
        ProviderSettings settings = new ProviderSettings();
        settings.setPollInterval(Duration.ofSeconds(3));
        settings.setTaskTimeout(Duration.ofMinutes(4));
        ProviderDescriptor descriptor = new NanobananaProviderAdapter(settings).describe();
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(3_000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(240);
    }

    @Test
    void submitSendsTheDocumentedBodyWithItsDefaults() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("recorder", CannedResponse.json(200, "{\"task_id\":\"t-42\"}"));
        SubmitResult submitted = adapterAt(baseUrl).submit(request(Operation.IMAGE_TO_IMAGE,
                input("A cinematic shot of a sunset over mountains", List.of(REFERENCE), null, null), Map.of("output_format", "png")), CREDENTIALS);

        assertThat(submitted.taskId()).isEqualTo("t-42");
        assertThat(submitted.immediate()).isNull();
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(5_000);
        RecordedRequest sent = canned.requests("recorder").getLast();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/image/generate");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JsonCodec.mapper().readTree(sent.body());
        assertThat(body.get("prompt").asString()).isEqualTo("A cinematic shot of a sunset over mountains");
        assertThat(body.get("width").asInt()).isEqualTo(1920);
        assertThat(body.get("height").asInt()).isEqualTo(1080);
        assertThat(body.get("steps").asInt()).isEqualTo(30);
        assertThat(body.get("guidance_scale").asDouble()).isEqualTo(7.5);
        assertThat(body.get("reference_images")).hasSize(1);
        assertThat(body.get("reference_images").get(0).get("url").asString()).isEqualTo(REFERENCE);
        assertThat(body.get("reference_images").get(0).get("strength").asDouble()).isEqualTo(0.7);
        assertThat(body.get("output_format").asString()).as("other options pass through").isEqualTo("png");
        assertThat(body.has("reference_strength")).isFalse();
    }

    @Test
    void resolutionPresetsAndAspectRatiosBecomeWidthAndHeight() throws ProviderException {
        assertSize(input("x", List.of(), "1:1", "2K"), 2048, 2048);
        assertSize(input("x", List.of(), null, "4K"), 4096, 2304);
        assertSize(input("x", List.of(), "9:16", "1k"), 576, 1024);
        assertSize(input("x", List.of(), null, "1024x768"), 1024, 768);
        assertSize(input("x", List.of(), "4:3", "1024x768"), 1024, 768);
        assertSize(input("x", List.of(), "1:1", null), 1920, 1920);
    }

    @Test
    void pollGoesPendingThenRunningThenSucceededWithAnImageTheFakeServes() throws Exception {
        ProviderRequest request = validRequests().get(0);
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        ProviderTask task = task(request, submitted);

        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        PollResult running = adapter().poll(task, CREDENTIALS);
        assertThat(running.status()).isEqualTo(PollResult.Status.RUNNING);
        assertThat(running.progress()).isEqualTo(50);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.result()).containsEntry("usage", Map.of("images", 1));
        String url = done.assets().getFirst().url();
        assertThat(url).isEqualTo(fake.baseUrl() + "/files/" + submitted.taskId() + ".png");

        HttpResponse<byte[]> image = fetch(url);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).startsWith(NanobananaWireFake.PNG);
    }

    @Test
    void aFailedTaskCarriesNanobananasReason() throws ProviderException {
        ProviderRequest request = requestThatFails();
        ProviderTask task = task(request, adapter().submit(request, CREDENTIALS));
        PollResult result = pollUntilDone(task);
        assertThat(result.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(result.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(result.failure().message()).isEqualTo(NanobananaWireFake.FAILURE_MESSAGE);
        assertThat(result.failure().retryable()).isFalse();
    }

    @Test
    void aGenerateAnswerThatIsAlreadyDoneNeedsNoPoll() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("done-at-once", CannedResponse.json(200,
                "{\"task_id\":\"t-7\",\"status\":\"completed\",\"images\":[{\"url\":\"https://cdn.example.com/t-7.png\"}]}"));
        SubmitResult submitted = adapterAt(baseUrl).submit(validRequests().get(0), CREDENTIALS);
        assertThat(submitted.taskId()).isEqualTo("t-7");
        assertThat(submitted.immediate().status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(submitted.immediate().assets()).singleElement().satisfies(a -> assertThat(a.url()).isEqualTo("https://cdn.example.com/t-7.png"));
    }

    @Test
    void statusIsAskedAtTheDocumentedPath() throws ProviderException {
        String baseUrl = canned.baseUrlAnswering("status-recorder", CannedResponse.json(200, "{\"status\":\"processing\"}"));
        adapterAt(baseUrl).poll(new ProviderTask("job-1", "t-9", Operation.TEXT_TO_IMAGE, null), CREDENTIALS);
        RecordedRequest sent = canned.requests("status-recorder").getLast();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/image/status/t-9");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void a429WithoutRetryAfterWaitsTheDocumentsSixtySeconds() {
        ProviderException e = submitFailure("bare-429", CannedResponse.json(429, "{\"error\":\"too many requests\"}"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void errorsInsideA200AreMappedByTheirCodeOrWording() {
        ProviderException e = submitFailure("credits-in-200", CannedResponse.json(200, "{\"code\":402,\"msg\":\"insufficient credits\"}"));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.getMessage()).contains("insufficient credits");

        CannedResponse refused = CannedResponse.json(200, "{\"error\":\"prompt rejected\"}");
        e = submitFailure("error-in-200", refused);
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);

        e = pollFailure("error-in-200", refused);
        assertThat(e.kind()).as("an error without a status at poll is the call refused").isEqualTo(Kind.INVALID_REQUEST);
    }

    @Test
    void anUnknownTaskIsNotFound() {
        ProviderException e = failure(() -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aKeyEchoedByTheProviderIsRedacted() {
        ProviderException e = pollFailure("echo", request -> CannedResponse.json(401,
                "{\"error\":\"invalid key " + request.header("Authorization") + "\"}"));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(KEY);
    }

    @Test
    void aKeyWhoseAccountRanDryIsCredits() {
        fake.outOfCredits("nb-key-without-credit");

        ProviderException e = failure(() -> adapter().submit(validRequests().get(0),
                new ProviderCredentials("dry", "nb-key-without-credit")));

        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.httpStatus()).isEqualTo(402);
        assertThat(e.allowsFallback()).isTrue();
        assertThat(fake.requestsWithKey("nb-key-without-credit")).isEqualTo(1);
    }

    @Test
    void aMissingKeyIsAuthWithoutACall() {
        int before = fake.recordedBodies().size();
        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), new ProviderCredentials("default", " ")));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(fake.recordedBodies()).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertSize(JobInput input, int width, int height) throws ProviderException {
        String scenario = "size-" + UUID.randomUUID();
        String baseUrl = canned.baseUrlAnswering(scenario, CannedResponse.json(200, "{\"task_id\":\"t-1\"}"));
        ProviderRequest request = request(Operation.TEXT_TO_IMAGE, input, Map.of());
        assertThat(adapterAt(baseUrl).validate(request)).isEmpty();
        adapterAt(baseUrl).submit(request, CREDENTIALS);
        JsonNode body = lastBodyAt(scenario);
        assertThat(body.get("width").asInt()).as("width for %s %s", input.resolution(), input.aspectRatio()).isEqualTo(width);
        assertThat(body.get("height").asInt()).as("height for %s %s", input.resolution(), input.aspectRatio()).isEqualTo(height);
    }

    private static JobInput input(String prompt, List<String> images, String aspectRatio, String resolution) {
        return new JobInput(prompt, null, images, aspectRatio, null, resolution, null, null);
    }
}
