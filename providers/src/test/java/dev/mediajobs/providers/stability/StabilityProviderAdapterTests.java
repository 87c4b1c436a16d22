package dev.mediajobs.providers.stability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.providers.http.MultipartBody;
import dev.mediajobs.providers.http.MultipartForm;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.WireFakeContractTest;
import dev.mediajobs.providers.testing.WireFakeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Stability adapter against {@link StabilityWireFake}, plus a {@link CannedHttpServer} for 429, 5xx and garbage. */
class StabilityProviderAdapterTests extends WireFakeContractTest<StabilityWireFake> {

    private static final String KEY = "sk-stability-test-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 11;


    StabilityProviderAdapterTests() {
        // the wire fakes (input files included) listen on 127.0.0.1, which the SSRF guard refuses unless allow-listed
        super(CREDENTIALS, StabilityWireFake::start, settings -> new StabilityProviderAdapter(settings, OutboundPolicy.allowing(List.of("127.0.0.1"))));
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(image(StabilityWireFake.PNG, 42L), Map.of("cfg_scale", 2.5, "motion_bucket_id", 180)),
                request(image(StabilityWireFake.JPEG, null), Map.of()));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        JobInput png = image(StabilityWireFake.PNG, null);
        return List.of(
                new InvalidRequest(new ProviderRequest("j", Operation.TEXT_TO_VIDEO, null, JobInput.ofPrompt("waves"), Map.of(), null), "operation"),
                new InvalidRequest(new ProviderRequest("j", Operation.IMAGE_TO_VIDEO, "svd-xt", png, Map.of(), null), "model"),
                new InvalidRequest(request(new JobInput(null, null, List.of(), null, null, null, null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(new JobInput(null, null, List.of("https://x.test/a.png", "https://x.test/b.png"), null, null, null, null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(image(StabilityWireFake.PNG, 4_294_967_295L), Map.of()), "input.seed"),
                new InvalidRequest(request(png, Map.of("cfg_scale", 10.5)), "options.cfg_scale"),
                new InvalidRequest(request(png, Map.of("cfg_scale", "strong")), "options.cfg_scale"),
                new InvalidRequest(request(png, Map.of("motion_bucket_id", 0)), "options.motion_bucket_id"),
                new InvalidRequest(request(png, Map.of("motion_bucket_id", 256)), "options.motion_bucket_id"),
                new InvalidRequest(request(png, Map.of("motion_bucket_id", 12.5)), "options.motion_bucket_id"),
                new InvalidRequest(request(png, Map.of("seed", 1)), "options.seed"),
                new InvalidRequest(request(withPrompt(png, "make it move"), Map.of()), "input.prompt"),
                new InvalidRequest(request(new JobInput(null, "blur", png.imageUrls(), null, null, null, null, null), Map.of()), "input.negativePrompt"),
                new InvalidRequest(request(new JobInput(null, null, png.imageUrls(), "16:9", null, null, null, null), Map.of()), "input.aspectRatio"),
                new InvalidRequest(request(new JobInput(null, null, png.imageUrls(), null, null, "1024x576", null, null), Map.of()), "input.resolution"),
                new InvalidRequest(request(new JobInput(null, null, png.imageUrls(), null, 4, null, null, null), Map.of()), "input.durationSeconds"),
                new InvalidRequest(request(new JobInput(null, null, png.imageUrls(), null, null, null, null, true), Map.of()), "input.loop"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(image(StabilityWireFake.PNG, StabilityWireFake.CONTENT_FILTERED_SEED), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "sk-stability-wrong-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"id\":\"e\",\"name\":\"rate_limit_exceeded\",\"errors\":[\"You have exceeded the rate limit\"]}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(500, "{\"id\":\"e\",\"name\":\"internal_error\",\"errors\":[\"Processing error\"]}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>ok</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-id", CannedResponse.json(200, "{\"status\":\"ok\"}")),
                cannedEndpoint("submit-id-is-object", CannedResponse.json(200, "{\"id\":{\"v\":1}}")),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"id\":\"g-1\"}]")),
                cannedEndpoint("submit-unexpected-status", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-html", CannedResponse.text(200, "<html>your video</html>")),
                cannedEndpoint("poll-video-without-bytes", new CannedResponse(200, Map.of("Content-Type", "video/mp4"), new byte[0])),
                cannedEndpoint("poll-json-not-a-video", CannedResponse.json(200, "{\"id\":\"g-1\",\"status\":\"done\"}")),
                cannedEndpoint("poll-no-content", new CannedResponse(204, Map.of(), new byte[0])),
                cannedEndpoint("poll-redirect", CannedResponse.json(302, "{}")));
    }

    // ------------------------------------------------------------------------------------------------ stability specifics

    @Test
    void describesImageToVideoOnlyWithTheDocumentedPollingAndCredits() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("stability");
        assertThat(descriptor.operations()).containsExactly(Operation.IMAGE_TO_VIDEO);
        assertThat(descriptor.models()).isEmpty();
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(10_000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(600);
        assertThat(descriptor.limits()).containsEntry("creditsPerGeneration", 10);
        assertThat(descriptor.constraints()).containsKeys("options.cfg_scale", "options.motion_bucket_id", "input.seed");
    }

    @Test
    void submitDownloadsTheImageWithoutTheKeyAndPostsTheDocumentedForm() throws Exception {
        int before = fake.received().size();
        SubmitResult submitted = adapter().submit(validRequests().get(0), CREDENTIALS);

        List<WireFakeServer.Received> sent = fake.received().subList(before, fake.received().size());
        assertThat(sent).extracting(WireFakeServer.Received::path).containsExactly("/inputs/source.png", "/v2beta/image-to-video");
        assertThat(sent.get(0).header("Authorization")).as("the image host never sees the key").isNull();
        WireFakeServer.Received post = sent.get(1);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + KEY);
        MultipartForm form = MultipartForm.parse(post.header("Content-Type"), post.body());
        assertThat(form.names()).containsExactly("image", "seed", "cfg_scale", "motion_bucket_id");
        assertThat(form.part("image")).hasValueSatisfying(image -> {
            assertThat(image.filename()).isEqualTo("image.png");
            assertThat(image.contentType()).isEqualTo("image/png");
            assertThat(image.content()).isEqualTo(fake.input(StabilityWireFake.PNG));
        });
        assertThat(form.text("seed")).contains("42");
        assertThat(form.text("cfg_scale")).contains("2.5");
        assertThat(form.text("motion_bucket_id")).contains("180");
        assertThat(submitted.taskId()).matches("[0-9a-f]{64}");
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(10_000);
    }

    @Test
    void withoutOptionsOnlyTheImageIsSentAndStabilitysDefaultsApply() throws Exception {
        int before = fake.received().size();
        adapter().submit(validRequests().get(1), CREDENTIALS);
        WireFakeServer.Received post = fake.received().getLast();
        assertThat(fake.received()).hasSize(before + 2);
        MultipartForm form = MultipartForm.parse(post.header("Content-Type"), post.body());
        assertThat(form.names()).containsExactly("image");
        assertThat(form.part("image").orElseThrow().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void aResultIs202WhileProcessingThenTheVideoBytesThemselves() throws ProviderException {
        ProviderRequest request = validRequests().get(0);
        ProviderTask task = task(request, adapter().submit(request, CREDENTIALS));

        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.RUNNING);
        PollResult done = adapter().poll(task, CREDENTIALS);

        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).isEmpty();
        assertThat(done.inlineAssets()).singleElement().satisfies(video -> {
            assertThat(video.contentType()).isEqualTo("video/mp4");
            assertThat(video.bytes()).isEqualTo(StabilityWireFake.MP4);
        });
        WireFakeServer.Received poll = fake.received().getLast();
        assertThat(poll.path()).isEqualTo("/v2beta/image-to-video/result/" + task.taskId());
        assertThat(poll.header("Accept")).isEqualTo("video/*");
        assertThat(poll.header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aContentFilteredResultIsAFailedTaskNotAnOutput() throws ProviderException {
        ProviderRequest request = requestThatFails();
        PollResult failed = pollUntilDone(task(request, adapter().submit(request, CREDENTIALS)));
        assertThat(failed.status()).isEqualTo(PollResult.Status.FAILED);
        assertThat(failed.inlineAssets()).isEmpty();
        assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.failure().message()).contains("CONTENT_FILTERED");
        assertThat(failed.failure().retryable()).isFalse();
    }

    @Test
    void insufficientCreditsIsCreditsAndAnUnknownGenerationIsNotFound() {
        ProviderCredentials poor = new ProviderCredentials("spare", StabilityWireFake.NO_CREDITS_KEY);
        ProviderException credits = failure(() -> adapter().submit(validRequests().get(0), poor));
        assertThat(credits.kind()).isEqualTo(Kind.CREDITS);
        assertNoSecretIn(credits, poor);
        ProviderException notFound = failure(() -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(notFound.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void anImageStabilityCannotReadIsItsOwn400AndAMissingImageIsInvalidBeforeTheCall() {
        ProviderException badFormat = failure(
                () -> adapter().submit(request(image(StabilityWireFake.TEXT, null), Map.of()), CREDENTIALS));
        assertThat(badFormat.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(badFormat.getMessage()).contains("Invalid image format");

        int before = fake.received().size();
        ProviderException missing = failure(
                () -> adapter().submit(request(image("gone.png", null), Map.of()), CREDENTIALS));
        assertThat(missing.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(fake.received()).extracting(WireFakeServer.Received::path).hasSize(before + 1)
                .last().isEqualTo("/inputs/gone.png");
    }

    @Test
    void anImageOnAPrivateAddressIsRefusedByTheSsrfGuardAndNothingIsFetched() {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(fakeBaseUrl());
        StabilityProviderAdapter strict = new StabilityProviderAdapter(settings);
        int before = fake.received().size();

        ProviderException e = failure(
                () -> strict.submit(request(image(StabilityWireFake.PNG, null), Map.of()), CREDENTIALS));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith("input.imageUrls[0]: host 127.0.0.1 is a loopback address");
        assertThat(fake.received()).as("neither the image nor the paid submit").hasSize(before);
    }

    @Test
    void theFakeRejectsWhatStabilityWould() throws Exception {
        byte[] png = fake.input(StabilityWireFake.PNG);
        assertThat(rawSubmit(MultipartBody.create().file("image", "a.png", "image/png", png).field("cfgScale", "2"))).as("wrong field name").isEqualTo(400);
        assertThat(rawSubmit(MultipartBody.create().field("seed", "1"))).as("no image").isEqualTo(400);
        assertThat(rawSubmit(MultipartBody.create().file("image", "a.png", "image/png", png).field("motion_bucket_id", "300"))).isEqualTo(400);
        assertThat(rawSubmit(MultipartBody.create().file("image", "a.png", "image/png", png))).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private int rawSubmit(MultipartBody form) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/image-to-video"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", form.contentType())
                .POST(form.publisher()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private JobInput image(String name, Long seed) {
        return new JobInput(null, null, List.of(fake.inputUrl(name)), null, null, null, seed, null);
    }

    private static JobInput withPrompt(JobInput input, String prompt) {
        return new JobInput(prompt, input.negativePrompt(), input.imageUrls(), input.aspectRatio(), input.durationSeconds(),
                input.resolution(), input.seed(), input.loop());
    }

    private static ProviderRequest request(JobInput input, Map<String, Object> options) {
        return new ProviderRequest("job-" + UUID.randomUUID(), Operation.IMAGE_TO_VIDEO, null, input, options, null);
    }
}
