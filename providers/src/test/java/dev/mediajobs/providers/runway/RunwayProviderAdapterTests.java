package dev.mediajobs.providers.runway;

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
import dev.mediajobs.providers.config.ProviderSettings;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Runway adapter against {@link RunwayWireFake}, plus a {@link CannedHttpServer} for 429, 5xx and garbage. */
class RunwayProviderAdapterTests extends WireFakeContractTest<RunwayWireFake> {

    private static final String KEY = "runway-test-key-123";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 9;
    private static final String IMAGE = "https://example.com/first-frame.png";

    RunwayProviderAdapterTests() {
        super(CREDENTIALS, RunwayWireFake::start, RunwayProviderAdapter::new);
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_VIDEO, null, input("a butterfly in a magical forest", List.of(), 5, "16:9")),
                request(Operation.IMAGE_TO_VIDEO, "gen3a", input("the camera slowly pushes in", List.of(IMAGE), 10, "9:16")));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        return List.of(
                new InvalidRequest(request(Operation.TEXT_TO_IMAGE, null, input("x", List.of(), null, null)), "operation"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, "gen4", input("x", List.of(), null, null)), "model"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, null, input(null, List.of(IMAGE), null, null)), "input.prompt"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, input("x", List.of(), 7, null)), "input.durationSeconds"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, input("x", List.of(), null, "4:3")), "input.aspectRatio"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, input("x", List.of(IMAGE), null, null)), "input.imageUrls"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, null, input("x", List.of(), null, null)), "input.imageUrls"),
                new InvalidRequest(request(Operation.IMAGE_TO_VIDEO, null, input("x", List.of(IMAGE, IMAGE), null, null)), "input.imageUrls"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, new JobInput("x", "blur", List.of(), null, null, null, null, null)), "input.negativePrompt"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, new JobInput("x", null, List.of(), null, null, null, 3L, null)), "input.seed"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, new JobInput("x", null, List.of(), null, null, "720p", null, null)), "input.resolution"),
                new InvalidRequest(request(Operation.TEXT_TO_VIDEO, null, new JobInput("x", null, List.of(), null, null, null, null, true)), "input.loop"),
                new InvalidRequest(new ProviderRequest("job-1", Operation.TEXT_TO_VIDEO, null, JobInput.ofPrompt("x"), Map.of("ratio", "16:9"), null), "options.ratio"));
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(Operation.TEXT_TO_VIDEO, null, input("something " + RunwayWireFake.FAIL_MARKER, List.of(), null, null));
    }

    @Override
    protected Endpoint unauthorized() {
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "runway-wrong-456"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"error\":\"Too many requests\"}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(500, "{\"error\":\"Generation failed\"}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>ok</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-no-id", CannedResponse.json(200, "{\"status\":\"PENDING\"}")),
                cannedEndpoint("submit-id-is-object", CannedResponse.json(200, "{\"id\":{\"v\":1},\"status\":\"PENDING\"}")),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"id\":\"t-1\"}]")),
                cannedEndpoint("submit-unexpected-status", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "fine")),
                cannedEndpoint("poll-no-status", CannedResponse.json(200, "{\"id\":\"t-1\"}")),
                cannedEndpoint("poll-status-is-object", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":{\"s\":1}}")),
                cannedEndpoint("poll-unknown-status", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"EXPLODED\"}")),
                cannedEndpoint("poll-succeeded-without-output", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"SUCCEEDED\"}")),
                cannedEndpoint("poll-succeeded-empty-output", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"SUCCEEDED\",\"output\":[]}")),
                cannedEndpoint("poll-output-not-a-url", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"SUCCEEDED\",\"output\":[\"video.mp4\"]}")),
                cannedEndpoint("poll-output-objects", CannedResponse.json(200, "{\"id\":\"t-1\",\"status\":\"SUCCEEDED\",\"output\":[{\"url\":\"http://x.test/v.mp4\"}]}")),
                cannedEndpoint("poll-string", CannedResponse.json(200, "\"SUCCEEDED\"")));
    }

    // ------------------------------------------------------------------------------------------------ runway specifics

    @Test
    void describesGen3WithTheDocumentedPollingAndTimeout() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("runway");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO);
        assertThat(descriptor.models()).containsExactly("gen3a_turbo", "gen3a");
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(5_000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(300);
        assertThat(descriptor.supportsCancel()).isFalse();
        assertThat(descriptor.supportsClientTaskId()).isFalse();
        ProviderSettings settings = new ProviderSettings();
        settings.setPollInterval(Duration.ofMillis(200));
        settings.setTaskTimeout(Duration.ofMinutes(1));
        assertThat(new RunwayProviderAdapter(settings).describe().defaultPollIntervalMillis()).isEqualTo(200);
        assertThat(new RunwayProviderAdapter(settings).describe().defaultTimeoutSeconds()).isEqualTo(60);
    }

    @Test
    void submitAndPollCarryTheBearerKeyAndTheRunwayVersionHeader() throws ProviderException {
        int before = fake.received().size();
        ProviderRequest request = validRequests().get(1);
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        adapter().poll(task(request, submitted), CREDENTIALS);

        List<RunwayWireFake.Received> sent = fake.received().subList(before, fake.received().size());
        assertThat(sent).extracting(RunwayWireFake.Received::path)
                .containsExactly("/v1/image_to_video", "/v1/tasks/" + submitted.taskId());
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(r.header("X-Runway-Version")).isEqualTo("2024-11-06");
        });
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(5_000);
    }

    @Test
    void imageToVideoSendsTheDocumentedFields() throws Exception {
        int before = fake.received().size();
        adapter().submit(validRequests().get(1), CREDENTIALS);
        JsonNode body = JsonCodec.mapper().readTree(fake.received().get(before).body());
        assertThat(body.propertyNames()).containsExactly("promptText", "model", "duration", "ratio", "promptImage");
        assertThat(body.get("promptText").asString()).isEqualTo("the camera slowly pushes in");
        assertThat(body.get("model").asString()).isEqualTo("gen3a");
        assertThat(body.get("duration").asInt()).isEqualTo(10);
        assertThat(body.get("ratio").asString()).isEqualTo("9:16");
        assertThat(body.get("promptImage").asString()).isEqualTo(IMAGE);
    }

    @Test
    void withoutModelAndDurationTheTurboModelMakesFiveSeconds() throws Exception {
        int before = fake.received().size();
        adapter().submit(request(Operation.TEXT_TO_VIDEO, null, input("waves", List.of(), null, null)), CREDENTIALS);
        JsonNode body = JsonCodec.mapper().readTree(fake.received().get(before).body());
        assertThat(body.propertyNames()).containsExactly("promptText", "model", "duration");
        assertThat(body.get("model").asString()).isEqualTo("gen3a_turbo");
        assertThat(body.get("duration").asInt()).isEqualTo(5);
    }

    @Test
    void aTaskGoesPendingThenRunningWithProgressThenSucceedsWithADownloadableVideo() throws Exception {
        ProviderRequest request = validRequests().get(0);
        ProviderTask task = task(request, adapter().submit(request, CREDENTIALS));
        assertThat(adapter().poll(task, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        PollResult running = adapter().poll(task, CREDENTIALS);
        assertThat(running.status()).isEqualTo(PollResult.Status.RUNNING);
        assertThat(running.progress()).isEqualTo(50);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).singleElement().satisfies(asset ->
                assertThat(download(asset.url())).isEqualTo(RunwayWireFake.MP4));
    }

    @Test
    void aFailedTaskCarriesRunwaysFailureText() throws ProviderException {
        ProviderRequest request = requestThatFails();
        PollResult failed = pollUntilDone(task(request, adapter().submit(request, CREDENTIALS)));
        assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.failure().message()).isEqualTo(RunwayWireFake.FAILURE_TEXT);
        assertThat(failed.failure().retryable()).as("moderation will not pass on a second try").isFalse();
        assertThat(failed.failure().provider()).isEqualTo("runway");
    }

    @Test
    void throttledIsPendingCancelledIsCanceledAndAnInternalFailureIsRetryable() throws ProviderException {
        assertThat(pollAt("throttled", "{\"id\":\"t\",\"status\":\"THROTTLED\"}").status()).isEqualTo(PollResult.Status.PENDING);
        PollResult cancelled = pollAt("cancelled", "{\"id\":\"t\",\"status\":\"CANCELLED\"}");
        assertThat(cancelled.failure().code()).isEqualTo(ErrorCodes.CANCELED);
        PollResult internal = pollAt("internal", "{\"id\":\"t\",\"status\":\"FAILED\",\"failureCode\":\"INTERNAL.BAD_OUTPUT\"}");
        assertThat(internal.failure().retryable()).isTrue();
        assertThat(internal.failure().message()).contains("INTERNAL.BAD_OUTPUT");
    }

    @Test
    void insufficientCreditsIsCredits() {
        ProviderCredentials poor = new ProviderCredentials("spare", RunwayWireFake.NO_CREDITS_KEY);
        ProviderException e = failure(() -> adapter().submit(validRequests().get(0), poor));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.allowsFallback()).isTrue();
        assertNoSecretIn(e, poor);
    }

    @Test
    void anErrorEnvelopeInA200IsMappedByItsWording() {
        ProviderException e = submitFailure("envelope-200", CannedResponse.json(200, "{\"error\":\"Not enough credits for this task\"}"));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
    }

    @Test
    void anUnknownTaskIsNotFoundAndAnEchoedKeyIsRedacted() {
        ProviderException notFound = failure(() -> adapter().poll(someTask(), CREDENTIALS));
        assertThat(notFound.kind()).isEqualTo(Kind.NOT_FOUND);
        ProviderCredentials wrong = new ProviderCredentials("default", "runway-echoed-789");
        ProviderException auth = failure(() -> adapter().submit(validRequests().get(0), wrong));
        assertThat(auth.getMessage()).contains("Bearer ***").doesNotContain("runway-echoed-789");
    }

    @Test
    void theFakeRejectsWhatRunwayWould() throws Exception {
        assertThat(rawSubmit("{\"prompt\":\"x\"}", true)).as("wrong field name").isEqualTo(400);
        assertThat(rawSubmit("{\"promptText\":\"x\",\"duration\":7}", true)).isEqualTo(400);
        assertThat(rawSubmit("{\"promptText\":\"x\"}", false)).as("no version header").isEqualTo(400);
        assertThat(rawSubmit("{\"promptText\":\"x\"}", true)).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private PollResult pollAt(String scenario, String json) throws ProviderException {
        return adapterAt(canned.baseUrlAnswering(scenario, CannedResponse.json(200, json))).poll(someTask(), CREDENTIALS);
    }

    private int rawSubmit(String json, boolean withVersion) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/image_to_video"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (withVersion) {
            post.header("X-Runway-Version", RunwayWireFake.VERSION);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static JobInput input(String prompt, List<String> imageUrls, Integer duration, String aspectRatio) {
        return new JobInput(prompt, null, imageUrls, aspectRatio, duration, null, null, null);
    }

    private static ProviderRequest request(Operation operation, String model, JobInput input) {
        return new ProviderRequest("job-" + UUID.randomUUID(), operation, model, input, Map.of(), null);
    }
}
