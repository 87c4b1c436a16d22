package dev.mediajobs.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.outbound.OutboundPolicy;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The OpenAI adapter against {@link OpenAiWireFake}, plus a {@link CannedHttpServer} for 429, 5xx and garbage. */
class OpenAiProviderAdapterTests extends WireFakeContractTest<OpenAiWireFake> {

    private static final String KEY = "sk-test-openai-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 7;


    OpenAiProviderAdapterTests() {
        // the wire fakes (input files included) listen on 127.0.0.1, which the SSRF guard refuses unless allow-listed
        super(CREDENTIALS, OpenAiWireFake::start, settings -> new OpenAiProviderAdapter(settings, OutboundPolicy.allowing(List.of("127.0.0.1"))));
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt("a lighthouse at dusk"), Map.of("quality", "hd", "style", "natural")),
                edit("give it a red roof", OpenAiWireFake.SQUARE_TRANSPARENT_PNG, Map.of("size", "512x512")));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        JobInput prompt = JobInput.ofPrompt("a kite");
        return List.of(
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, prompt, Map.of()), "operation"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt(" "), Map.of()), "input.prompt"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt("x".repeat(4001)), Map.of()), "input.prompt"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, "dall-e-2", prompt, Map.of()), "model"),
                new InvalidRequest(withModel(edit("x", OpenAiWireFake.SQUARE_TRANSPARENT_PNG, Map.of()), "dall-e-3"), "model"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, prompt, Map.of("size", "1920x1080")), "options.size"),
                new InvalidRequest(edit("x", OpenAiWireFake.SQUARE_TRANSPARENT_PNG, Map.of("size", "1792x1024")), "options.size"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, prompt, Map.of("quality", "ultra")), "options.quality"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, prompt, Map.of("style", "moody")), "options.style"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, prompt, Map.of("n", 2)), "options.n"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, prompt, Map.of("response_format", "b64_json")), "options.response_format"),
                new InvalidRequest(edit("x", OpenAiWireFake.SQUARE_TRANSPARENT_PNG, Map.of("quality", "hd")), "options.quality"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, input("a kite", List.of("https://example.com/a.png"), null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.IMAGE_TO_IMAGE, null, prompt, Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.IMAGE_TO_IMAGE, null,
                        input("x", List.of("https://example.com/a.png", "https://example.com/b.png"), null, null), Map.of()), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, new JobInput("a kite", "blurry", List.of(), null, null, null, null, null), Map.of()), "input.negativePrompt"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, new JobInput("a kite", null, List.of(), null, null, null, 7L, null), Map.of()), "input.seed"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, new JobInput("a kite", null, List.of(), null, 5, null, null, null), Map.of()), "input.durationSeconds"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, new JobInput("a kite", null, List.of(), null, null, null, null, true), Map.of()), "input.loop"),
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, input("a kite", List.of(), null, "4K"), Map.of()), "input.resolution"),
                new InvalidRequest(request(Operation.IMAGE_TO_IMAGE, null,
                        input("x", List.of(fake.inputUrl(OpenAiWireFake.SQUARE_TRANSPARENT_PNG)), null, "1024x1792"), Map.of()), "input.resolution"),
                new InvalidRequest(request(Operation.IMAGE_TO_IMAGE, null,
                        input("x", List.of(fake.inputUrl(OpenAiWireFake.SQUARE_TRANSPARENT_PNG)), "16:9", null), Map.of()), "input.aspectRatio"));
    }

    /** OpenAI has no failed task: a refused prompt is a 400 at submit (see {@link #aRefusedPromptIsAnInvalidRequestWithOpenAisMessage}). */
    @Override
    protected ProviderRequest requestThatFails() {
        return null;
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "sk-wrong-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"error\":{\"message\":\"Rate limit reached for images per minute\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(500,
                "{\"error\":{\"message\":\"The server had an error processing your request.\",\"type\":\"server_error\",\"code\":null}}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>ok</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-data", CannedResponse.json(200, "{\"created\":1}")),
                cannedEndpoint("submit-empty-data", CannedResponse.json(200, "{\"created\":1,\"data\":[]}")),
                cannedEndpoint("submit-data-is-object", CannedResponse.json(200, "{\"created\":1,\"data\":{\"url\":\"http://x.test/a.png\"}}")),
                cannedEndpoint("submit-image-without-url", CannedResponse.json(200, "{\"created\":1,\"data\":[{\"revised_prompt\":\"x\"}]}")),
                cannedEndpoint("submit-url-not-http", CannedResponse.json(200, "{\"created\":1,\"data\":[{\"url\":\"ftp://x.test/a.png\"}]}")),
                cannedEndpoint("submit-b64-not-base64", CannedResponse.json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"%%%\"}]}")),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"url\":\"http://x.test/a.png\"}]")),
                cannedEndpoint("submit-unexpected-status", CannedResponse.json(302, "{}")));
    }

    /** Nothing to poll: {@link OpenAiProviderAdapter#poll} makes no call (see {@link #assertEverySubmitAndPollFails}). */
    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of();
    }

    /**
     * The submit must fail with the kind; the poll of a synchronous provider calls nobody, so it is NOT_FOUND at every
     * endpoint, and the endpoint never sees it.
     */
    @Override
    protected List<ProviderException> assertEverySubmitAndPollFails(Endpoint endpoint, Kind kind) {
        ProviderAdapter misled = adapterAt(endpoint.baseUrl());
        List<ProviderException> thrown = new ArrayList<>();
        thrown.add(expectProviderException(endpoint, () -> misled.submit(validRequests().get(0), endpoint.credentials()), kind));
        int before = canned.requests().size() + fake.received().size();
        expectProviderException(endpoint, () -> misled.poll(someTask(), endpoint.credentials()), Kind.NOT_FOUND);
        assertThat(canned.requests().size() + fake.received().size()).as("poll calls nobody").isEqualTo(before);
        return thrown;
    }

    // ------------------------------------------------------------------------------------------------ openai specifics

    @Test
    void describesGenerationsAndEditsOfDallE3WithTheDocumentedLimits() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("openai");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE);
        assertThat(descriptor.models()).containsExactly("dall-e-3");
        assertThat(descriptor.limits()).containsEntry("submitsPerMinute", 5).containsEntry("imagesPerMinuteFreeTier", 5)
                .containsEntry("imagesPerMinuteTier5", 50);
        assertThat(descriptor.priceNotes()).contains("$0.080");
        assertThat(descriptor.supportsCancel()).isFalse();
        assertThat(descriptor.supportsClientTaskId()).isFalse();
        assertThat(new OpenAiProviderAdapter(null).describe().id()).as("defaults without settings").isEqualTo("openai");
    }

    @Test
    void aGenerationSendsTheDocumentedBodyAndReturnsTheImageAndRevisedPromptAtOnce() throws Exception {
        int before = fake.received().size();
        SubmitResult result = adapter().submit(validRequests().get(0), CREDENTIALS);

        WireFakeServer.Received sent = fake.received().get(before);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/images/generations");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JsonCodec.mapper().readTree(sent.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "prompt", "n", "quality", "style");
        assertThat(body.get("model").asString()).isEqualTo("dall-e-3");
        assertThat(body.get("prompt").asString()).isEqualTo("a lighthouse at dusk");
        assertThat(body.get("n").asInt()).isEqualTo(1);
        assertThat(body.get("quality").asString()).isEqualTo("hd");
        assertThat(body.get("style").asString()).isEqualTo("natural");

        assertThat(result.taskId()).startsWith("openai-");
        assertThat(result.result()).containsEntry("revisedPrompt", "Revised: a lighthouse at dusk");
        PollResult done = result.immediate();
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).singleElement().satisfies(asset -> {
            assertThat(asset.url()).startsWith(fake.rootUrl() + "/files/");
            assertThat(asset.contentType()).isEqualTo("image/png");
            assertThat(download(asset.url())).isEqualTo(fake.outputPng());
        });
    }

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "-, -, -, -",
            "1920x1080, -, -, 1792x1024",
            "1024x1792, -, -, 1024x1792",
            "800x800, -, -, 1024x1024",
            "-, 9:16, -, 1024x1792",
            "-, 4:3, -, 1792x1024",
            "-, 1:1, -, 1024x1024",
            "1920x1080, 9:16, -, 1792x1024",
            "1920x1080, 9:16, 1024x1024, 1024x1024"})
    void theSizeComesFromTheOptionThenResolutionThenAspectRatio(String resolution, String aspectRatio, String sizeOption,
                                                               String expected) throws Exception {
        JobInput input = input("a fox", List.of(), aspectRatio, resolution);
        ProviderRequest request = request(Operation.TEXT_TO_IMAGE, null, input, sizeOption == null ? Map.of() : Map.of("size", sizeOption));
        assertThat(adapter().validate(request)).isEmpty();
        int before = fake.received().size();
        adapter().submit(request, CREDENTIALS);
        JsonNode body = JsonCodec.mapper().readTree(fake.received().get(before).body());
        if (expected == null) {
            assertThat(body.has("size")).as("left to OpenAI's default").isFalse();
        } else {
            assertThat(body.get("size").asString()).isEqualTo(expected);
        }
    }

    @Test
    void anEditDownloadsTheImageWithoutTheKeyAndPostsTheDocumentedForm() throws Exception {
        int before = fake.received().size();
        SubmitResult result = adapter().submit(validRequests().get(1), CREDENTIALS);

        List<WireFakeServer.Received> sent = fake.received().subList(before, fake.received().size());
        assertThat(sent).extracting(WireFakeServer.Received::path)
                .containsExactly("/inputs/" + OpenAiWireFake.SQUARE_TRANSPARENT_PNG, "/v1/images/edits");
        assertThat(sent.get(0).header("Authorization")).as("the image host never sees the key").isNull();
        WireFakeServer.Received post = sent.get(1);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + KEY);
        MultipartForm form = MultipartForm.parse(post.header("Content-Type"), post.body());
        assertThat(form.names()).containsExactly("image", "prompt", "n", "size");
        assertThat(form.part("image")).hasValueSatisfying(image -> {
            assertThat(image.filename()).endsWith(".png");
            assertThat(image.contentType()).isEqualTo("image/png");
            assertThat(image.content()).isEqualTo(fake.input(OpenAiWireFake.SQUARE_TRANSPARENT_PNG));
        });
        assertThat(form.text("prompt")).contains("give it a red roof");
        assertThat(form.text("n")).contains("1");
        assertThat(form.text("size")).contains("512x512");

        assertThat(result.immediate().status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(result.result()).containsEntry("revisedPrompt", "Revised: give it a red roof");
    }

    @ParameterizedTest
    @ValueSource(strings = {OpenAiWireFake.SQUARE_OPAQUE_PNG, OpenAiWireFake.WIDE_TRANSPARENT_PNG, OpenAiWireFake.HUGE_PNG, OpenAiWireFake.JPEG})
    void anEditImageOutsideTheDocumentedRulesIsInvalidBeforeThePaidCall(String image) {
        ProviderRequest request = edit("x", image, Map.of());
        assertThat(adapter().validate(request)).as("only the bytes tell").isEmpty();
        int editsBefore = editCalls();

        ProviderException e = failure(() -> adapter().submit(request, CREDENTIALS));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).containsAnyOf("square", "transparency", "larger than", "PNG");
        assertThat(editCalls()).isEqualTo(editsBefore);
    }

    @Test
    void anEditImageOnAPrivateAddressIsRefusedByTheSsrfGuardAndNothingIsFetched() {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(fakeBaseUrl());
        OpenAiProviderAdapter strict = new OpenAiProviderAdapter(settings);
        ProviderRequest request = edit("x", OpenAiWireFake.SQUARE_TRANSPARENT_PNG, Map.of());
        int before = fake.received().size();

        ProviderException e = failure(() -> strict.submit(request, CREDENTIALS));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith("input.imageUrls[0]: host 127.0.0.1 is a loopback address")
                .contains("mediajobs.outbound.allow-list");
        assertThat(fake.received()).as("neither the image nor the paid edit").hasSize(before);
    }

    @Test
    void anUnreachableEditImageIsInvalidWhenMissingAndTransientWhenItsHostIsDown() {
        ProviderRequest missing = request(Operation.IMAGE_TO_IMAGE, null,
                input("x", List.of(fake.rootUrl() + "/inputs/nope.png?sig=secret"), null, null), Map.of());
        ProviderException notThere = failure(() -> adapter().submit(missing, CREDENTIALS));
        assertThat(notThere.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(notThere.getMessage()).doesNotContain("secret");

        ProviderRequest down = request(Operation.IMAGE_TO_IMAGE, null, input("x", List.of(NOWHERE + "/a.png"), null, null), Map.of());
        assertThat(failure(() -> adapter().submit(down, CREDENTIALS)).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void b64JsonAnswersBecomeInlineAssets() throws ProviderException {
        fake.answerWithBase64(true);
        try {
            PollResult done = adapter().submit(validRequests().get(0), CREDENTIALS).immediate();
            assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(done.assets()).isEmpty();
            assertThat(done.inlineAssets()).singleElement().satisfies(inline -> {
                assertThat(inline.contentType()).isEqualTo("image/png");
                assertThat(inline.bytes()).isEqualTo(fake.outputPng());
            });
        } finally {
            fake.answerWithBase64(false);
        }
    }

    @Test
    void aRefusedPromptIsAnInvalidRequestWithOpenAisMessage() {
        ProviderRequest refused = request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt("draw " + OpenAiWireFake.POLICY_VIOLATION), Map.of());
        ProviderException e = failure(() -> adapter().submit(refused, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.allowsFallback()).isFalse();
        assertThat(e.getMessage()).contains("safety system");
    }

    @Test
    void anExhaustedQuotaIsCreditsAlthoughOpenAiSends429() {
        ProviderCredentials exhausted = new ProviderCredentials("spare", OpenAiWireFake.EXHAUSTED_KEY);
        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), exhausted));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.allowsFallback()).isTrue();
        assertNoSecretIn(e, exhausted);
    }

    @Test
    void aKeyWithoutCreditIsCreditsWhileTheOtherKeysOfThePoolWork() throws Exception {
        ProviderCredentials broke = new ProviderCredentials("k1", "sk-pool-key-without-credit");
        fake.outOfCredits(broke.apiKey());

        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), broke));

        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.httpStatus()).isEqualTo(402);
        assertThat(e.allowsFallback()).isTrue();
        assertNoSecretIn(e, broke);
        assertThat(adapter().submit(validRequests().get(0), credentials()).taskId()).isNotBlank();
        assertThat(fake.requestsWithKey(broke.apiKey())).isEqualTo(1);
    }

    @Test
    void anErrorEnvelopeInA200IsMappedByItsCode() {
        ProviderException e = submitFailure("envelope-200", CannedResponse.json(200,
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.getMessage()).contains("exceeded your current quota");
    }

    @Test
    void aKeyEchoedByOpenAiIsRedacted() {
        ProviderCredentials wrong = new ProviderCredentials("default", "sk-wrong-echoed-789");
        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), wrong));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Incorrect API key provided: Bearer ***").doesNotContain("sk-wrong-echoed-789");
    }

    @Test
    void aMissingOrUnsendableKeyIsAuthWithoutACall() {
        int before = fake.received().size();
        for (String key : Arrays.asList(null, "", "line\nbreak")) {
            ProviderException e = failure(
                    () -> adapter().submit(validRequests().get(1), new ProviderCredentials("default", key)));
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
        }
        assertThat(fake.received()).hasSize(before);
    }

    @Test
    void pollingMakesNoCallAndSaysTheOutcomeCameWithTheSubmit() {
        ProviderTask task = new ProviderTask("job-1", "openai-" + UUID.randomUUID(), Operation.TEXT_TO_IMAGE, "dall-e-3");
        ProviderException e = failure(() -> adapterAt(NOWHERE).poll(task, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("synchronous");
    }

    @Test
    void submitRefusesAnInvalidRequestWithoutACall() {
        int before = fake.received().size();
        ProviderRequest invalid = request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt("x"), Map.of("n", 4));
        ProviderException e = failure(() -> adapter().submit(invalid, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith("options.n");
        assertThat(fake.received()).hasSize(before);
    }

    @Test
    void validationErrorsUseTheDocumentedCodes() {
        List<FieldError> tooLong = adapter().validate(request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt("x".repeat(4001)), Map.of()));
        assertThat(tooLong).singleElement().extracting(FieldError::code).isEqualTo(ErrorCodes.FIELD_TOO_LONG);
        List<FieldError> missing = adapter().validate(request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt(null), Map.of()));
        assertThat(missing).singleElement().extracting(FieldError::code).isEqualTo(ErrorCodes.FIELD_REQUIRED);
        List<FieldError> video = adapter().validate(request(Operation.TEXT_TO_VIDEO, null, JobInput.ofPrompt("x"), Map.of()));
        assertThat(video).singleElement().extracting(FieldError::code).isEqualTo(ErrorCodes.UNSUPPORTED_OPERATION);
        assertThat(adapter().validate(request(Operation.TEXT_TO_IMAGE, null, JobInput.ofPrompt("x".repeat(4000)), Map.of("n", 1)))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private int editCalls() {
        return (int) fake.received().stream().filter(r -> r.path().equals("/v1/images/edits")).count();
    }

    private ProviderRequest edit(String prompt, String image, Map<String, Object> options) {
        return request(Operation.IMAGE_TO_IMAGE, null, input(prompt, List.of(fake.inputUrl(image)), null, null), options);
    }

    private static JobInput input(String prompt, List<String> imageUrls, String aspectRatio, String resolution) {
        return new JobInput(prompt, null, imageUrls, aspectRatio, null, resolution, null, null);
    }

    private static ProviderRequest request(Operation operation, String model, JobInput input, Map<String, Object> options) {
        return new ProviderRequest("job-" + UUID.randomUUID(), operation, model, input, options, null);
    }
}
