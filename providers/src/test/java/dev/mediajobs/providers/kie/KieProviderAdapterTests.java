package dev.mediajobs.providers.kie;

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
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.WireFakeContractTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Kie adapter against {@link KieWireFake} (every family, submit to downloadable result), plus a
 * {@link CannedHttpServer} for HTTP errors, envelope error codes and nonsense.
 */
class KieProviderAdapterTests extends WireFakeContractTest<KieWireFake> {

    private static final String KEY = "kie-test-key-9b1c";
    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", KEY);
    private static final long RETRY_AFTER_SECONDS = 9;


    KieProviderAdapterTests() {
        super(CREDENTIALS, KieWireFake::start, KieProviderAdapter::new);
    }

    // ------------------------------------------------------------------------------------------------ contract hooks

    @Override
    protected List<ProviderRequest> validRequests() {
        return List.of(
                request(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("A futuristic city with flying cars", List.of(), "3:2", null, null),
                        Map.of("nVariants", 2)),
                request(Operation.IMAGE_TO_IMAGE, "flux-kontext-pro", input("make it night", List.of(fake.fileUrl("city.png")), "16:9", null, null),
                        Map.of("outputFormat", "png")),
                request(Operation.TEXT_TO_VIDEO, "veo3_fast", input("A cinematic drone shot of a waterfall", List.of(), "16:9", null, null), Map.of()),
                request(Operation.IMAGE_TO_VIDEO, "runway-gen3", input("the boat drifts", List.of(fake.fileUrl("boat.png")), "16:9", 10, "720p"),
                        Map.of("waterMark", "kie.ai")),
                request(Operation.VIDEO_TO_VIDEO, "runway-aleph", input("make it watercolor", List.of(fake.fileUrl("clip.mp4")), null, null, null), Map.of()),
                request(Operation.MUSIC, "V4_5", input("calm piano at dawn", List.of(), null, null, null), Map.of("instrumental", true)));
    }

    @Override
    protected List<InvalidRequest> invalidRequests() {
        String png = "https://example.com/in.png";
        List<InvalidRequest> invalid = new ArrayList<>();
        // the adapter's own rules
        invalid.add(bad(Operation.TEXT, null, input("hi", List.of(), null, null, null), Map.of(), "operation"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "dall-e-9", input("a cat", List.of(), null, null, null), Map.of(), "model"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, null, input("a cat", List.of(), null, null, null), Map.of("kieFamily", "dalle"), "options.kieFamily"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "veo3", input("a cat", List.of(), null, null, null), Map.of("kieFamily", "midjourney"), "model"));
        invalid.add(bad(Operation.MUSIC, "veo3", input("a song", List.of(), null, null, null), Map.of(), "operation"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("a cat", List.of("ftp://x/a.png"), null, null, null), Map.of(), "input.imageUrls[0]"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("a cat", List.of(), null, null, null), Map.of("uploadInputs", "yes"), "options.uploadInputs"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input(" ", List.of(), null, null, null), Map.of(), "input.prompt"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("a cat", List.of(), null, null, null),
                Map.of("callBackUrl", "https://elsewhere.example.com/hook"), "options.callBackUrl"));
        // Veo
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(), "4:3", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(), null, null, null), Map.of("aspectRatio", "1:1"), "options.aspectRatio"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "veo3", input("x", List.of(png, png, png, png), null, null, null), Map.of(), "input.imageUrls"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(png), null, null, null), Map.of(), "input.imageUrls"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "veo3", input("x", List.of(png), null, null, null), Map.of("generationType", "REFERENCE_2_VIDEO"), "options.generationType"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "veo3_fast", input("x", List.of(png), "9:16", null, null), Map.of("generationType", "REFERENCE_2_VIDEO"), "input.aspectRatio"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "veo3_fast", input("x", List.of(png), null, null, null), Map.of("generationType", "TEXT_2_VIDEO"), "options.generationType"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(), null, null, null), Map.of("generationType", "MOVIE"), "options.generationType"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", new JobInput("x", null, List.of(), null, null, null, 99L, null), Map.of(), "input.seed"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(), null, null, "4k"), Map.of(), "input.resolution"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(), null, 8, null), Map.of(), "input.durationSeconds"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "veo3", input("x", List.of(), null, null, null), Map.of("enableTranslation", "no"), "options.enableTranslation"));
        invalid.add(bad(Operation.VIDEO_TO_VIDEO, "veo3", input("x", List.of(png), null, null, null), Map.of(), "options.extendTaskId"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "veo3", input("x", List.of(png), null, null, null), Map.of("extendTaskId", "abc"), "options.extendTaskId"));
        // Runway
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "runway-gen3", input("x", List.of(), null, 7, null), Map.of(), "input.durationSeconds"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "runway-gen3", input("x", List.of(), null, null, "4k"), Map.of(), "input.resolution"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "runway-gen3", input("x", List.of(), "21:9", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "runway-gen3", input("x", List.of(png, png), null, null, null), Map.of(), "input.imageUrls"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "runway-gen3", new JobInput("x", "blur", List.of(), null, null, null, null, null), Map.of(), "input.negativePrompt"));
        // Aleph / Luma
        invalid.add(bad(Operation.VIDEO_TO_VIDEO, "runway-aleph", input("x", List.of(png, png), null, null, null), Map.of(), "input.imageUrls"));
        invalid.add(bad(Operation.VIDEO_TO_VIDEO, "luma-modify", input("x", List.of(png), null, 5, null), Map.of(), "input.durationSeconds"));
        // Sora
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "sora-2-text-to-video", input("x", List.of(png), null, null, null), Map.of(), "model"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "sora-2-text-to-video", input("x", List.of(), "1:1", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "sora-2-pro-text-to-video", input("x", List.of(), null, 12, null), Map.of(), "input.durationSeconds"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "sora-2-text-to-video", input("x", List.of(), null, null, null), Map.of("n_frames", 10), "options.n_frames"));
        invalid.add(bad(Operation.VIDEO_TO_VIDEO, "sora-watermark-remover", input(null, List.of(png, png), null, null, null), Map.of(), "input.imageUrls"));
        // Wan
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "wan/2-2-a14b-text-to-video-turbo", input("x", List.of(), null, null, "1080p"), Map.of(), "input.resolution"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "wan/2-2-a14b-text-to-video-turbo", input("x", List.of(), null, 5, null), Map.of(), "input.durationSeconds"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "wan/2-5-text-to-video", input("x", List.of(), null, 8, null), Map.of(), "input.durationSeconds"));
        invalid.add(bad(Operation.TEXT_TO_VIDEO, "wan/2-5-text-to-video", input("x", List.of(), "16:9", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.IMAGE_TO_VIDEO, "wan/2-5-image-to-video", input("x", List.of(png, png), null, null, null), Map.of(), "input.imageUrls"));
        // Nano Banana
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "google/nano-banana", input("x", List.of(), "2:1", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "google/nano-banana", input("x", List.of(), null, null, "4K"), Map.of(), "input.resolution"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "nano-banana-pro", input("x", List.of(), null, null, "8K"), Map.of(), "input.resolution"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "google/nano-banana", input("x", List.of(), null, null, null), Map.of("output_format", "gif"), "options.output_format"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "google/nano-banana-edit", input("x", List.of(png), null, null, null), Map.of(), "model"));
        // GPT-4o image
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("x", List.of(), "16:9", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("x", List.of(), null, null, null), Map.of("nVariants", 3), "options.nVariants"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("x", List.of(), null, null, null), Map.of("maskUrl", "mask.png"), "options.maskUrl"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("x", List.of(), null, null, null), Map.of("enableFallback", 1), "options.enableFallback"));
        // Flux Kontext
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "flux-kontext-max", input("x", List.of(), "3:2", null, null), Map.of(), "input.aspectRatio"));
        invalid.add(bad(Operation.IMAGE_TO_IMAGE, "flux-kontext-max", input("x", List.of(png, png), null, null, null), Map.of(), "input.imageUrls"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "flux-kontext-max", input("x", List.of(), null, null, null), Map.of("outputFormat", "webp"), "options.outputFormat"));
        // Midjourney
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "midjourney", input("x", List.of(), null, null, null), Map.of("taskType", "mj_video"), "options.taskType"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "midjourney", input("x", List.of(), null, null, null), Map.of("taskType", "mj_upscale"), "options.taskType"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "midjourney", input("x", List.of(), null, null, null), Map.of("version", "8"), "options.version"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "midjourney", input("x", List.of(), null, null, null), Map.of("speed", "warp"), "options.speed"));
        invalid.add(bad(Operation.TEXT_TO_IMAGE, "midjourney", input("x", List.of(png), null, null, null), Map.of(), "input.imageUrls"));
        // Suno
        invalid.add(bad(Operation.MUSIC, "V5", input("x", List.of(), null, 30, null), Map.of(), "input.durationSeconds"));
        invalid.add(bad(Operation.MUSIC, "V5", input("x", List.of(), null, null, null), Map.of("customMode", "true"), "options.customMode"));
        invalid.add(bad(Operation.MUSIC, "V5", input("x", List.of(), null, null, null), Map.of("audioId", "a", "continueAt", -1), "options.continueAt"));
        invalid.add(bad(Operation.MUSIC, "suno-lyrics", input("x", List.of(png), null, null, null), Map.of(), "input.imageUrls"));
        return invalid;
    }

    @Override
    protected ProviderRequest requestThatFails() {
        return request(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("something forbidden " + KieWireFake.FAIL_MARKER, List.of(), null, null, null), Map.of());
    }

    @Override
    protected Endpoint unauthorized() {
        // the fake answers a wrong key as Kie does: code 401 inside an HTTP 200
        return new Endpoint("wrong key", fake.baseUrl(), new ProviderCredentials("default", "wrong-kie-key"));
    }

    @Override
    protected Endpoint rateLimited() {
        return cannedRateLimit("{\"code\":429,\"msg\":\"Too Many Requests\",\"data\":null}");
    }

    @Override
    protected Duration rateLimitedRetryAfter() {
        return Duration.ofSeconds(RETRY_AFTER_SECONDS);
    }

    @Override
    protected Endpoint serverError() {
        return cannedEndpoint("server-error", CannedResponse.json(500, "{\"code\":500,\"msg\":\"Server Error\",\"data\":null}"));
    }

    @Override
    protected List<Endpoint> malformedSubmitAnswers() {
        return List.of(
                cannedEndpoint("submit-not-json", CannedResponse.text(200, "<html>ok</html>")),
                cannedEndpoint("submit-empty", new CannedResponse(200, Map.of(), new byte[0])),
                cannedEndpoint("submit-array", CannedResponse.json(200, "[{\"taskId\":\"t1\"}]")),
                cannedEndpoint("submit-no-code", CannedResponse.json(200, "{\"msg\":\"success\",\"data\":{\"taskId\":\"t1\"}}")),
                cannedEndpoint("submit-no-data", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\"}")),
                cannedEndpoint("submit-no-task-id", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{}}")),
                cannedEndpoint("submit-task-id-object", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":{\"id\":1}}}")),
                cannedEndpoint("submit-unknown-code", CannedResponse.json(200, "{\"code\":7,\"msg\":\"hm\",\"data\":null}")),
                cannedEndpoint("submit-redirect", CannedResponse.json(302, "{}")));
    }

    @Override
    protected List<Endpoint> malformedPollAnswers() {
        return List.of(
                cannedEndpoint("poll-not-json", CannedResponse.text(200, "generating, probably")),
                cannedEndpoint("poll-no-code", CannedResponse.json(200, "{\"data\":{\"successFlag\":1}}")),
                cannedEndpoint("poll-data-null", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":null}")),
                cannedEndpoint("poll-data-string", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":\"done\"}")),
                cannedEndpoint("poll-no-flag", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"t\"}}")),
                cannedEndpoint("poll-flag-text", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"successFlag\":\"yes\"}}")),
                cannedEndpoint("poll-unknown-flag", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"successFlag\":9}}")),
                cannedEndpoint("poll-success-no-urls", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"successFlag\":1}}")),
                cannedEndpoint("poll-success-bad-url", CannedResponse.json(200,
                        "{\"code\":200,\"msg\":\"success\",\"data\":{\"successFlag\":1,\"response\":{\"resultUrls\":[\"file:///etc/passwd\"]}}}")));
    }

    // ------------------------------------------------------------------------------------------------ every family

    /** Every family, and every variant of it, from submit to a result whose bytes download from the fake. */
    @TestFactory
    Stream<DynamicTest> everyFamilyGoesFromSubmitToADownloadableResult() {
        String png = fake.fileUrl("still.png");
        String mp4 = fake.fileUrl("clip.mp4");
        Map<String, ProviderRequest> cases = new java.util.LinkedHashMap<>();
        cases.put("veo text-to-video", request(Operation.TEXT_TO_VIDEO, "veo3", input("waves", List.of(), "9:16", null, null),
                Map.of("enableTranslation", false, "watermark", "mj")));
        cases.put("veo first and last frames", request(Operation.IMAGE_TO_VIDEO, "veo3", input("morph", List.of(png, png), "16:9", null, null), Map.of()));
        cases.put("veo reference", request(Operation.TEXT_TO_VIDEO, null, new JobInput("a hero", null, List.of(png, png, png), "16:9", null, null, 12345L, null),
                Map.of("generationType", "REFERENCE_2_VIDEO")));
        cases.put("veo auto ratio by kieFamily", request(Operation.TEXT_TO_VIDEO, null, input("fog", List.of(), null, null, null),
                Map.of("kieFamily", "veo", "aspectRatio", "Auto")));
        cases.put("runway text-to-video", request(Operation.TEXT_TO_VIDEO, "runway-gen3", input("rain", List.of(), "1:1", 5, "1080p"), Map.of()));
        cases.put("luma modify", request(Operation.VIDEO_TO_VIDEO, "luma-modify", input("make it snow", List.of(mp4), null, null, null), Map.of("watermark", "x")));
        cases.put("sora text-to-video", request(Operation.TEXT_TO_VIDEO, "sora-2-text-to-video", input("a cat", List.of(), "16:9", 15, null),
                Map.of("remove_watermark", true)));
        cases.put("sora pro image-to-video", request(Operation.IMAGE_TO_VIDEO, "sora-2-pro-image-to-video", input("it moves", List.of(png), "9:16", 10, null), Map.of()));
        cases.put("sora watermark remover", request(Operation.VIDEO_TO_VIDEO, "sora-watermark-remover", input(null, List.of(mp4), null, null, null), Map.of()));
        cases.put("sora by kieFamily", request(Operation.IMAGE_TO_VIDEO, null, input("it moves", List.of(png), null, null, null), Map.of("kieFamily", "sora")));
        cases.put("wan 2.2 text", request(Operation.TEXT_TO_VIDEO, "wan/2-2-a14b-text-to-video-turbo", input("dunes", List.of(), "1:1", null, "580p"),
                Map.of()));
        cases.put("wan 2.2 image", request(Operation.IMAGE_TO_VIDEO, "wan/2-2-a14b-image-to-video-turbo", input("dunes", List.of(png), null, null, "480p"),
                Map.of("aspect_ratio", "auto")));
        cases.put("wan 2.5 text", request(Operation.TEXT_TO_VIDEO, "wan/2-5-text-to-video", input("dunes", List.of(), null, 10, "1080p"), Map.of()));
        cases.put("wan 2.5 image", request(Operation.IMAGE_TO_VIDEO, "wan/2-5-image-to-video", input("dunes", List.of(png), null, 5, "720p"), Map.of()));
        cases.put("nano banana", request(Operation.TEXT_TO_IMAGE, "google/nano-banana", input("a banana", List.of(), "21:9", null, null),
                Map.of("output_format", "jpg")));
        cases.put("nano banana edit", request(Operation.IMAGE_TO_IMAGE, "google/nano-banana-edit", input("peel it", List.of(png), "4:3", null, null), Map.of()));
        cases.put("nano banana pro", request(Operation.IMAGE_TO_IMAGE, "nano-banana-pro", input("4k banana", List.of(png), "3:4", null, "4K"), Map.of()));
        cases.put("gpt-4o image-to-image", request(Operation.IMAGE_TO_IMAGE, null, input("add a hat", List.of(png), "1:1", null, null),
                Map.of("maskUrl", png, "enableFallback", true, "nVariants", 4)));
        cases.put("flux kontext max", request(Operation.TEXT_TO_IMAGE, "flux-kontext-max", input("a poster", List.of(), "16:21", null, null), Map.of()));
        cases.put("midjourney text", request(Operation.TEXT_TO_IMAGE, "midjourney", input("a castle", List.of(), "2:3", null, null),
                Map.of("version", "7", "speed", "fast")));
        cases.put("midjourney style reference", request(Operation.IMAGE_TO_IMAGE, null, input("in this style", List.of(png), null, null, null),
                Map.of("taskType", "mj_style_reference", "version", "niji6")));
        cases.put("midjourney omni reference", request(Operation.IMAGE_TO_IMAGE, "midjourney", input("this character", List.of(png), null, null, null),
                Map.of("taskType", "mj_omni_reference")));
        cases.put("midjourney video", request(Operation.IMAGE_TO_VIDEO, "midjourney", input("animate", List.of(png), null, null, null), Map.of()));
        cases.put("suno custom", request(Operation.MUSIC, "V5", input("lyrics here", List.of(), null, null, null),
                Map.of("customMode", true, "style", "lofi", "title", "Queues")));
        cases.put("suno default model", request(Operation.MUSIC, null, input("a jingle", List.of(), null, null, null), Map.of()));
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> assertSucceedsWithDownloadableAssets(c.getValue())));
    }

    @Test
    void veoAndRunwayExtendAnEarlierTaskByItsId() throws ProviderException {
        for (String model : List.of("veo3_fast", "runway-gen3")) {
            ProviderRequest original = request(Operation.TEXT_TO_VIDEO, model, input("a river", List.of(), "16:9", null, null), Map.of());
            SubmitResult first = adapter().submit(original, CREDENTIALS);
            // our own provider task id ("veo:<id>") and Kie's bare id both name the task to extend
            for (String extendTaskId : List.of(first.taskId(), (String) first.result().get("kieTaskId"))) {
                ProviderRequest extend = request(Operation.TEXT_TO_VIDEO, model, input("and then a waterfall", List.of(), null, null, null),
                        Map.of("extendTaskId", extendTaskId));
                assertSucceedsWithDownloadableAssets(extend);
            }
            ProviderRequest asVideoToVideo = request(Operation.VIDEO_TO_VIDEO, model, input("then night falls", List.of(fake.fileUrl("r.mp4")), null, null, null),
                    Map.of("extendTaskId", first.taskId()));
            assertSucceedsWithDownloadableAssets(asVideoToVideo);
        }
        JsonNode veoExtend = fake.bodiesAt("/api/v1/veo/extend").getLast();
        assertThat(veoExtend.propertyNames()).containsOnly("taskId", "prompt");
        JsonNode runwayExtend = fake.bodiesAt("/api/v1/runway/extend").getLast();
        assertThat(runwayExtend.get("quality").asString()).isEqualTo("720p");
    }

    @Test
    void sunoExtendsATrackByItsAudioId() throws ProviderException {
        ProviderRequest song = validRequests().get(5);
        PollResult done = pollUntilDone(task(song, adapter().submit(song, CREDENTIALS)));
        @SuppressWarnings("unchecked")
        List<String> audioIds = (List<String>) done.result().get("audioIds");
        assertThat(audioIds).hasSize(2);
        assertThat(done.assets()).allSatisfy(a -> assertThat(a.contentType()).isEqualTo("audio/mpeg"));

        ProviderRequest extend = request(Operation.MUSIC, "V4_5", input("a bridge", List.of(), null, null, null),
                Map.of("audioId", audioIds.getFirst(), "continueAt", 60));
        assertSucceedsWithDownloadableAssets(extend);
        JsonNode body = fake.bodiesAt("/api/v1/generate/extend").getLast();
        assertThat(body.get("audioId").asString()).isEqualTo(audioIds.getFirst());
        assertThat(body.get("continueAt").asInt()).isEqualTo(60);
        assertThat(body.get("model").asString()).isEqualTo("V4_5");
    }

    @Test
    void lyricsAreAnInlineTextResult() throws ProviderException {
        ProviderRequest lyrics = request(Operation.MUSIC, "suno-lyrics", input("a song about queues", List.of(), null, null, null), Map.of());
        PollResult done = pollUntilDone(task(lyrics, adapter().submit(lyrics, CREDENTIALS)));
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).isEmpty();
        assertThat(done.inlineAssets()).singleElement().satisfies(asset -> {
            assertThat(asset.contentType()).startsWith("text/plain");
            assertThat(new String(asset.bytes(), StandardCharsets.UTF_8)).contains("Night Queue", "Queues in the night", "Poll again");
        });
        assertThat((List<?>) done.result().get("lyrics")).hasSize(2);
        assertThat(fake.bodiesAt("/api/v1/lyrics").getLast().get("prompt").asString()).isEqualTo("a song about queues");
    }

    @Test
    void veo1080pIsFetchedOnceTheTaskSucceededAndWaitedForWhileNotReady() throws ProviderException {
        ProviderRequest request = request(Operation.TEXT_TO_VIDEO, "veo3_fast", input("a harbour", List.of(), "16:9", null, "1080p"), Map.of());
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        assertThat(submitted.taskId()).startsWith("veo-1080p:");
        ProviderTask task = task(request, submitted);
        assertThat(adapter().poll(task, CREDENTIALS).status()).as("generating").isEqualTo(PollResult.Status.RUNNING);
        PollResult notReady = adapter().poll(task, CREDENTIALS);
        assertThat(notReady.status()).as("720p done, 1080p not yet").isEqualTo(PollResult.Status.RUNNING);
        assertThat(notReady.nextPollAfterMillis()).isEqualTo(20_000);
        PollResult done = adapter().poll(task, CREDENTIALS);
        assertThat(done.status()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).singleElement().satisfies(a -> assertThat(a.url()).endsWith("/1080p.mp4"));
        assertThat(downloaded(done.assets().getFirst().url())).isEqualTo(KieWireFake.MP4_BYTES);
    }

    @Test
    void gpt4oImageResultsAreDirectDownloadUrls() throws ProviderException {
        ProviderRequest request = validRequests().getFirst();
        PollResult done = pollUntilDone(task(request, adapter().submit(request, CREDENTIALS)));
        assertThat(done.assets()).isNotEmpty().allSatisfy(a -> assertThat(a.url()).contains("/files/download/"));
        assertThat(fake.bodiesAt("/api/v1/gpt4o-image/download-url")).isNotEmpty()
                .allSatisfy(body -> assertThat(body.get("imageUrl").asString()).contains("/files/"));
    }

    @Test
    void aDownloadUrlErrorKeepsTheOriginalUnlessItIsAboutTheKey() throws ProviderException {
        String record = "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"t\",\"successFlag\":1,"
                + "\"response\":{\"resultUrls\":[\"https://cdn.example.com/a.png\"]}}}";
        String lenient = canned.baseUrlAnswering("download-url-fails", r -> r.path().endsWith("/download-url")
                ? CannedResponse.json(200, "{\"code\":422,\"msg\":\"expired\",\"data\":null}") : CannedResponse.json(200, record));
        assertThat(adapterAt(lenient).poll(someTask(), CREDENTIALS).assets()).singleElement()
                .satisfies(a -> assertThat(a.url()).isEqualTo("https://cdn.example.com/a.png"));
        String broke = canned.baseUrlAnswering("download-url-credits", r -> r.path().endsWith("/download-url")
                ? CannedResponse.json(200, "{\"code\":402,\"msg\":\"no credits\",\"data\":null}") : CannedResponse.json(200, record));
        ProviderException e = failure(() -> adapterAt(broke).poll(someTask(), CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
    }

    // ------------------------------------------------------------------------------------------------ wire details

    @Test
    void submitSendsTheDocumentedFieldsTheBearerKeyAndTheCallbackUrl() throws ProviderException {
        ProviderRequest request = new ProviderRequest(UUID.randomUUID().toString(), Operation.IMAGE_TO_VIDEO, "veo3",
                new JobInput("a lighthouse", null, List.of(fake.fileUrl("a.png"), fake.fileUrl("b.png")), "16:9", null, null, 54321L, null),
                Map.of("watermark", "mediajobs", "enableTranslation", false), "https://hooks.example.com/kie");
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);

        assertThat(submitted.taskId()).startsWith("veo:");
        assertThat(submitted.firstPollAfterMillis()).isEqualTo(10_000);
        KieWireFake.Call sent = fake.calls().stream().filter(r -> r.path().equals("/api/v1/veo/generate")).toList().getLast();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.authorization()).isEqualTo("Bearer " + KEY);
        JsonNode body = sent.body();
        assertThat(body.get("prompt").asString()).isEqualTo("a lighthouse");
        assertThat(body.get("model").asString()).isEqualTo("veo3");
        assertThat(body.get("aspectRatio").asString()).isEqualTo("16:9");
        assertThat(body.get("imageUrls")).hasSize(2);
        assertThat(body.get("generationType").asString()).isEqualTo("FIRST_AND_LAST_FRAMES_2_VIDEO");
        assertThat(body.get("seeds").asInt()).isEqualTo(54321);
        assertThat(body.get("watermark").asString()).isEqualTo("mediajobs");
        assertThat(body.get("enableTranslation").asBoolean()).isFalse();
        assertThat(body.get("callBackUrl").asString()).isEqualTo("https://hooks.example.com/kie");

        adapter().submit(validRequests().get(2), CREDENTIALS);
        assertThat(fake.bodiesAt("/api/v1/veo/generate").getLast().has("callBackUrl")).as("no callback URL, no callBackUrl").isFalse();
    }

    @Test
    void theJobsEndpointGetsModelAndInputWithSorasOwnValues() throws ProviderException {
        ProviderRequest request = new ProviderRequest(UUID.randomUUID().toString(), Operation.TEXT_TO_VIDEO, "sora-2-text-to-video",
                input("a parade", List.of(), "9:16", 15, null), Map.of("remove_watermark", true), "https://hooks.example.com/sora");
        adapter().submit(request, CREDENTIALS);
        JsonNode body = fake.bodiesAt("/api/v1/jobs/createTask").getLast();
        assertThat(body.get("model").asString()).isEqualTo("sora-2-text-to-video");
        assertThat(body.get("callBackUrl").asString()).isEqualTo("https://hooks.example.com/sora");
        JsonNode in = body.get("input");
        assertThat(in.get("prompt").asString()).isEqualTo("a parade");
        assertThat(in.get("aspect_ratio").asString()).isEqualTo("portrait");
        assertThat(in.get("n_frames").asString()).isEqualTo("15");
        assertThat(in.get("remove_watermark").asBoolean()).isTrue();
    }

    @Test
    void aMisspeltFieldIsRejectedByTheFakeAsKieWould() {
        // an option passed through under a name the document does not have: the fake answers 422 in an HTTP 200
        ProviderRequest request = request(Operation.TEXT_TO_IMAGE, "gpt-4o-image", input("x", List.of(), null, null, null), Map.of("n_variants", 2));
        assertThat(adapter().validate(request)).isEmpty();
        ProviderException e = failure(() -> adapter().submit(request, CREDENTIALS));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("422").contains("n_variants");
    }

    @Test
    void aTaskIdWithoutRouteIsPolledByItsModel() throws ProviderException {
        ProviderRequest request = request(Operation.TEXT_TO_IMAGE, "midjourney", input("a fox", List.of(), null, null, null), Map.of());
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        assertThat(submitted.taskId()).startsWith("midjourney:");
        String bare = (String) submitted.result().get("kieTaskId");
        ProviderTask byModel = new ProviderTask(request.clientTaskId(), bare, request.operation(), "midjourney");
        PollResult done = pollUntilDone(byModel);
        assertThat(done.assets()).hasSize(4);
        // and a wrong route is not silently polled somewhere else: the fake does not know the task at Veo's endpoint
        ProviderTask wrong = new ProviderTask(request.clientTaskId(), "veo:" + bare, request.operation(), "midjourney");
        assertThat(failure(() -> adapter().poll(wrong, CREDENTIALS)).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void uploadInputsCopiesTheInputsToKiesFileHostFirst() throws ProviderException {
        String source = fake.fileUrl("private.png");
        ProviderRequest request = request(Operation.IMAGE_TO_IMAGE, "flux-kontext-pro", input("brighter", List.of(source), null, null, null),
                Map.of("uploadInputs", true));
        assertSucceedsWithDownloadableAssets(request);
        JsonNode upload = fake.bodiesAt("/api/file-url-upload").getLast();
        assertThat(upload.get("fileUrl").asString()).isEqualTo(source);
        assertThat(upload.get("uploadPath").asString()).isEqualTo("mediajobs");
        String sent = fake.bodiesAt("/api/v1/flux/kontext/generate").getLast().get("inputImage").asString();
        assertThat(sent).contains("/files/uploads/").endsWith("private.png");
        assertThat(fake.bodiesAt("/api/v1/flux/kontext/generate").getLast().has("uploadInputs")).isFalse();
    }

    @Test
    void theFileUploadHostDefaultsToKiesOwnAndFollowsAConfiguredBaseUrl() {
        ProviderSettings defaults = new ProviderSettings();
        assertThat(new KieProviderAdapter(defaults)).isNotNull();
        KieProviderAdapter explicit = new KieProviderAdapter(settings(fake.baseUrl()), "https://upload.example.com");
        assertThat(explicit.describe().id()).isEqualTo("kie");
    }

    @Test
    void creditsRemainingReadsTheBalance() throws ProviderException {
        fake.credits(new BigDecimal("77.25"));
        assertThat(kieAt(fake.baseUrl()).creditsRemaining(CREDENTIALS)).isEqualByComparingTo("77.25");
        ProviderException e = failure(
                () -> kieAt(fake.baseUrl()).creditsRemaining(new ProviderCredentials("default", "nope")));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        String text = canned.baseUrlAnswering("credit-text", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":\"12\"}"));
        assertThat(kieAt(text).creditsRemaining(CREDENTIALS)).isEqualByComparingTo("12");
        String odd = canned.baseUrlAnswering("credit-odd", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"credits\":1}}"));
        assertThat(failure(() -> kieAt(odd).creditsRemaining(CREDENTIALS)).kind())
                .isEqualTo(Kind.MALFORMED_RESPONSE);
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void envelopeCodesInsideAnHttp200MapToTheirKinds() {
        assertThat(submitAnswered("env-401", 401, "You do not have access permissions")).isEqualTo(Kind.AUTH);
        assertThat(submitAnswered("env-403", 403, "no permission for this model")).isEqualTo(Kind.AUTH);
        assertThat(submitAnswered("env-402", 402, "Payment required")).isEqualTo(Kind.CREDITS);
        assertThat(submitAnswered("env-credits-text", 400, "Credits insufficient, please top up")).isEqualTo(Kind.CREDITS);
        assertThat(submitAnswered("env-429", 429, "Too many requests")).isEqualTo(Kind.RATE_LIMITED);
        assertThat(submitAnswered("env-455", 455, "Service unavailable, maintenance")).isEqualTo(Kind.TRANSIENT);
        assertThat(submitAnswered("env-500", 500, "Server error")).isEqualTo(Kind.TRANSIENT);
        assertThat(submitAnswered("env-501", 501, "Generation failed")).isEqualTo(Kind.TRANSIENT);
        assertThat(submitAnswered("env-422", 422, "aspect ratio not supported")).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitAnswered("env-400", 400, "Bad request")).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitAnswered("env-404", 404, "model not available")).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void anEnvelope429CarriesTheRetryAfterOfItsAnswer() {
        ProviderException e = submitFailure("env-429-retry", CannedResponse.json(200, "{\"code\":429,\"msg\":\"slow down\",\"data\":null}")
                .withHeader("Retry-After", "4"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void httpStatusesMapLikeTheDocumentsCommonErrors() {
        assertThat(submitStatus("http-401", 401)).isEqualTo(Kind.AUTH);
        assertThat(submitStatus("http-403", 403)).isEqualTo(Kind.AUTH);
        assertThat(submitStatus("http-402", 402)).isEqualTo(Kind.CREDITS);
        assertThat(submitStatus("http-404", 404)).isEqualTo(Kind.NOT_FOUND);
        assertThat(submitStatus("http-422", 422)).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(submitStatus("http-503", 503)).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aKeyWithoutCreditsAtTheFakeIsCreditsAndAllowsFallback() {
        ProviderCredentials broke = new ProviderCredentials("poor", fake.keyWithoutCredits());
        ProviderException e = failure(() -> adapter().submit(validRequests().getFirst(), broke));
        assertThat(e.kind()).isEqualTo(Kind.CREDITS);
        assertThat(e.allowsFallback()).isTrue();
        assertNoSecretIn(e, broke);
    }

    @Test
    void aFailedTaskCarriesKiesReasonInEveryFamilyShape() throws ProviderException {
        for (ProviderRequest request : List.of(
                requestThatFails(),
                request(Operation.TEXT_TO_VIDEO, "runway-gen3", input("x " + KieWireFake.FAIL_MARKER, List.of(), null, null, null), Map.of()),
                request(Operation.TEXT_TO_VIDEO, "sora-2-text-to-video", input("x " + KieWireFake.FAIL_MARKER, List.of(), null, null, null), Map.of()),
                request(Operation.MUSIC, "V4", input("x " + KieWireFake.FAIL_MARKER, List.of(), null, null, null), Map.of()))) {
            PollResult failed = pollUntilDone(task(request, adapter().submit(request, CREDENTIALS)));
            assertThat(failed.status()).as(request.model()).isEqualTo(PollResult.Status.FAILED);
            assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
            assertThat(failed.failure().message()).contains("content policy violation");
            assertThat(failed.failure().provider()).isEqualTo("kie");
        }
    }

    @Test
    void recordsInKiesOtherShapesAreReadToo() throws ProviderException {
        ProviderTask veo = new ProviderTask("j", "veo:t1", Operation.TEXT_TO_VIDEO, "veo3");
        String nested = canned.baseUrlAnswering("veo-nested", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":"
                + "{\"taskId\":\"t1\",\"successFlag\":1,\"response\":{\"resultUrls\":[\"https://cdn.example.com/v.mp4\"]}}}"));
        assertThat(adapterAt(nested).poll(veo, CREDENTIALS).assets()).extracting(a -> a.url()).containsExactly("https://cdn.example.com/v.mp4");

        ProviderTask mj = new ProviderTask("j", "midjourney:t1", Operation.TEXT_TO_IMAGE, "midjourney");
        String objects = canned.baseUrlAnswering("mj-objects", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":"
                + "{\"successFlag\":1,\"resultInfoJson\":{\"resultUrls\":[{\"resultUrl\":\"https://cdn.example.com/1.png\"}]}}}"));
        assertThat(adapterAt(objects).poll(mj, CREDENTIALS).assets()).hasSize(1);

        ProviderTask runway = new ProviderTask("j", "runway:t1", Operation.TEXT_TO_VIDEO, "runway-gen3");
        String waiting = canned.baseUrlAnswering("runway-wait", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"state\":\"queueing\"}}"));
        assertThat(adapterAt(waiting).poll(runway, CREDENTIALS).status()).isEqualTo(PollResult.Status.PENDING);
        String odd = canned.baseUrlAnswering("runway-odd", CannedResponse.json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"state\":\"melting\"}}"));
        assertThat(failure(() -> adapterAt(odd).poll(runway, CREDENTIALS)).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);

        ProviderTask gpt = new ProviderTask("j", "gpt-4o-image:t1", Operation.TEXT_TO_IMAGE, "gpt-4o-image");
        String progress = canned.baseUrlAnswering("gpt-progress", CannedResponse.json(200,
                "{\"code\":200,\"msg\":\"success\",\"data\":{\"successFlag\":0,\"progress\":\"0.45\"}}"));
        PollResult running = adapterAt(progress).poll(gpt, CREDENTIALS);
        assertThat(running.progress()).isEqualTo(45);
        assertThat(running.nextPollAfterMillis()).as("images poll every 3 s").isEqualTo(3_000);
    }

    @Test
    void aKeyEchoedByKieIsRedacted() {
        ProviderException e = submitFailure("echo", request -> CannedResponse.json(200,
                "{\"code\":401,\"msg\":\"invalid key " + request.header("Authorization") + "\",\"data\":null}"));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(KEY);
    }

    @Test
    void anInvalidRequestOrAnUnsendableKeyIsRefusedWithoutACall() {
        int before = canned.requests().size();
        String baseUrl = canned.baseUrlAnswering("never", CannedResponse.json(500, "{}"));
        ProviderException invalid = failure(
                () -> adapterAt(baseUrl).submit(invalidRequests().get(8).request(), CREDENTIALS));
        assertThat(invalid.kind()).isEqualTo(Kind.INVALID_REQUEST);
        ProviderException key = failure(
                () -> adapterAt(baseUrl).submit(validRequests().getFirst(), new ProviderCredentials("default", "")));
        assertThat(key.kind()).isEqualTo(Kind.AUTH);
        assertThat(canned.requests()).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ describe and validate

    @Test
    void describesEveryFamilysModelsAndTheDocumentedPolling() {
        var descriptor = adapter().describe();
        assertThat(descriptor.id()).isEqualTo("kie");
        assertThat(descriptor.operations()).containsExactlyInAnyOrder(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE,
                Operation.TEXT_TO_VIDEO, Operation.IMAGE_TO_VIDEO, Operation.VIDEO_TO_VIDEO, Operation.MUSIC);
        assertThat(descriptor.models()).contains("veo3", "veo3_fast", "runway-gen3", "runway-aleph", "luma-modify",
                "sora-2-text-to-video", "sora-2-image-to-video", "sora-2-pro-text-to-video", "sora-2-pro-image-to-video",
                "sora-watermark-remover", "wan/2-2-a14b-image-to-video-turbo", "wan/2-2-a14b-text-to-video-turbo",
                "wan/2-5-image-to-video", "wan/2-5-text-to-video", "google/nano-banana", "google/nano-banana-edit", "nano-banana-pro",
                "gpt-4o-image", "flux-kontext-pro", "flux-kontext-max", "midjourney", "V3_5", "V4", "V4_5", "V5", "suno-lyrics");
        assertThat(descriptor.models()).doesNotHaveDuplicates();
        assertThat(descriptor.defaultPollIntervalMillis()).isEqualTo(10_000);
        assertThat(descriptor.defaultTimeoutSeconds()).isEqualTo(900);
        assertThat(descriptor.supportsCancel()).isFalse();
        assertThat(descriptor.supportsClientTaskId()).isFalse();
        assertThat(descriptor.constraints()).containsKeys("model", "input.aspectRatio", "options.kieFamily", "options.extendTaskId");
        assertThat(descriptor.constraints().get("input.aspectRatio")).contains("veo:", "gpt-4o-image:");
    }

    @Test
    void withoutAModelTheFamilyComesFromOptionsOrTheOperation() throws ProviderException {
        assertThat(familyRouteOf(request(Operation.TEXT_TO_IMAGE, null, input("x", List.of(), null, null, null), Map.of()))).isEqualTo("gpt-4o-image");
        assertThat(familyRouteOf(request(Operation.TEXT_TO_VIDEO, null, input("x", List.of(), null, null, null), Map.of()))).isEqualTo("veo");
        assertThat(familyRouteOf(request(Operation.VIDEO_TO_VIDEO, null, input("x", List.of(fake.fileUrl("v.mp4")), null, null, null), Map.of())))
                .isEqualTo("runway-aleph");
        assertThat(familyRouteOf(request(Operation.MUSIC, null, input("x", List.of(), null, null, null), Map.of()))).isEqualTo("suno");
        assertThat(familyRouteOf(request(Operation.TEXT_TO_IMAGE, null, input("x", List.of(), null, null, null), Map.of("kieFamily", "nano-banana"))))
                .isEqualTo("nano-banana");
        assertThat(familyRouteOf(request(Operation.TEXT_TO_IMAGE, null, input("x", List.of(), null, null, null), Map.of("taskType", "mj_txt2img"))))
                .isEqualTo("midjourney");
        assertThat(familyRouteOf(request(Operation.TEXT_TO_VIDEO, null, input("x", List.of(), null, null, null), Map.of("kieFamily", "wan"))))
                .isEqualTo("wan");
    }

    @Test
    void validRequestsOfEveryShapePass() {
        List<FieldError> none = adapter().validate(request(Operation.TEXT_TO_VIDEO, "veo3_fast", input("x", List.of(), null, null, "720p"),
                Map.of("aspectRatio", "Auto", "generationType", "TEXT_2_VIDEO")));
        assertThat(none).isEmpty();
        assertThat(adapter().validate(request(Operation.VIDEO_TO_VIDEO, "sora-watermark-remover", input(null, List.of("https://x.test/v.mp4"), null, null, null),
                Map.of()))).isEmpty();
        assertThat(adapter().validate(request(Operation.MUSIC, "V3_5", input("x", List.of(), null, null, null),
                Map.of("audioId", "abc", "continueAt", 12.5, "style", "jazz")))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ callbacks

    @Test
    void takesACallbackUrlWhichTheFakeCallsWithTheRecordWhenTheTaskEnds() throws Exception {
        assertThat(adapter().acceptsCallbackUrl()).isTrue();
        assertThat(adapter().describe().limits()).as("the document gives no rate limits").isEmpty();
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            String jobId = UUID.randomUUID().toString();
            ProviderRequest request = new ProviderRequest(jobId, Operation.TEXT_TO_VIDEO, "veo3_fast",
                    input("a kite over dunes", List.of(), "16:9", null, null), Map.of(), receiver.url("/v1/callbacks/" + jobId + "/t0ken"));
            SubmitResult submitted = adapter().submit(request, CREDENTIALS);
            String kieTaskId = KieTaskId.parse(submitted.taskId()).kieTaskId();
            assertThat(fake.bodiesAt("/api/v1/veo/generate").getLast().get("callBackUrl").asString()).isEqualTo(request.callbackUrl());

            assertThat(fake.complete(submitted.taskId())).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == 1);
            assertThat(receiver.paths()).containsExactly("/v1/callbacks/" + jobId + "/t0ken");
            JsonNode callback = JsonCodec.mapper().readTree(receiver.bodies().getFirst());
            assertThat(callback.get("code").asInt()).isEqualTo(200);
            assertThat(callback.get("data").get("taskId").asString()).isEqualTo(kieTaskId);
            assertThat(callback.get("data").get("successFlag").asInt()).isEqualTo(1);
            // the callback is a hint: the poll reports the outcome, and it agrees at the first ask
            PollResult polled = adapter().poll(task(request, submitted), CREDENTIALS);
            assertThat(polled.status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(fake.statusRequestsOf(submitted.taskId())).isEqualTo(1);
            assertThat(receiver.bodies()).as("called back once").hasSize(1);
        }
    }

    @Test
    void aTimedTaskEndsWhateverThePollsAndCallsBackWhileAPlainOneCallsNothing() throws Exception {
        try (KieWireFake timed = KieWireFake.start(KEY); CallbackReceiver receiver = CallbackReceiver.start()) {
            timed.completeAfter(Duration.ofMillis(300));
            ProviderAdapter adapter = adapterAt(timed.baseUrl());
            ProviderRequest request = new ProviderRequest(UUID.randomUUID().toString(), Operation.TEXT_TO_IMAGE, "gpt-4o-image",
                    input("a paper boat", List.of(), "1:1", null, null), Map.of(), receiver.url("/hook"));
            SubmitResult submitted = adapter.submit(request, CREDENTIALS);
            ProviderRequest silent = new ProviderRequest(UUID.randomUUID().toString(), Operation.TEXT_TO_IMAGE, "gpt-4o-image",
                    input("a paper plane", List.of(), "1:1", null, null), Map.of(), null);
            SubmitResult silentSubmitted = adapter.submit(silent, CREDENTIALS);

            // the fake records an attempt once it has the answer, which is after the receiver has the body
            await().atMost(Duration.ofSeconds(10)).until(() -> timed.callbackAttempts().size() == 1);
            assertThat(receiver.bodies()).hasSize(1);
            assertThat(adapter.poll(task(request, submitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(adapter.poll(task(silent, silentSubmitted), CREDENTIALS).status()).isEqualTo(PollResult.Status.SUCCEEDED);
            assertThat(timed.callbackAttempts()).singleElement()
                    .satisfies(a -> assertThat(a.url()).isEqualTo(request.callbackUrl()))
                    .satisfies(a -> assertThat(a.status()).isEqualTo(200));
        }
    }

    /** Stands in for the api-service's callback endpoint: records each POST and answers 200. */
    private static final class CallbackReceiver implements AutoCloseable {

        private final HttpServer server;
        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private final List<String> paths = new CopyOnWriteArrayList<>();

        private CallbackReceiver(HttpServer server) {
            this.server = server;
        }

        static CallbackReceiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CallbackReceiver receiver = new CallbackReceiver(server);
            server.createContext("/", exchange -> {
                try (exchange) {
                    receiver.paths.add(exchange.getRequestURI().getPath());
                    receiver.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
            return receiver;
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
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

    private void assertSucceedsWithDownloadableAssets(ProviderRequest request) throws ProviderException {
        assertThat(adapter().validate(request)).as("validation of %s", request.model()).isEmpty();
        SubmitResult submitted = adapter().submit(request, CREDENTIALS);
        PollResult done = pollUntilDone(task(request, submitted));
        assertThat(done.status()).as("%s: %s", request.model(), done.failure()).isEqualTo(PollResult.Status.SUCCEEDED);
        assertThat(done.assets()).isNotEmpty();
        for (var asset : done.assets()) {
            byte[] bytes = downloaded(asset.url());
            assertThat(bytes).as(asset.url()).isIn(List.of(KieWireFake.MP4_BYTES, KieWireFake.PNG_BYTES, KieWireFake.MP3_BYTES));
        }
    }

    private String familyRouteOf(ProviderRequest request) throws ProviderException {
        assertThat(adapter().validate(request)).isEmpty();
        String taskId = adapter().submit(request, CREDENTIALS).taskId();
        return taskId.substring(0, taskId.indexOf(':'));
    }

    private Kind submitAnswered(String scenario, int code, String msg) {
        ProviderException e = submitFailure(scenario, CannedResponse.json(200,
                "{\"code\":" + code + ",\"msg\":\"" + msg + "\",\"data\":null}"));
        assertThat(e.getMessage()).contains(String.valueOf(code)).contains(msg);
        assertThat(e.provider()).isEqualTo("kie");
        return e.kind();
    }

    private Kind submitStatus(String scenario, int status) {
        ProviderException e = submitFailure(scenario, CannedResponse.json(status, "{\"code\":" + status + ",\"msg\":\"m\",\"data\":null}"));
        assertThat(e.httpStatus()).isEqualTo(status);
        return e.kind();
    }

    private KieProviderAdapter kieAt(String baseUrl) {
        return (KieProviderAdapter) adapterAt(baseUrl);
    }

    private static ProviderSettings settings(String baseUrl) {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(baseUrl);
        settings.setConnectTimeout(Duration.ofSeconds(2));
        settings.setRequestTimeout(Duration.ofSeconds(10));
        return settings;
    }

    private static JobInput input(String prompt, List<String> imageUrls, String aspectRatio, Integer durationSeconds, String resolution) {
        return new JobInput(prompt, null, imageUrls, aspectRatio, durationSeconds, resolution, null, null);
    }

    private static ProviderRequest request(Operation operation, String model, JobInput input, Map<String, Object> options) {
        return new ProviderRequest(UUID.randomUUID().toString(), operation, model, input, new HashMap<>(options), null);
    }

    private static InvalidRequest bad(Operation operation, String model, JobInput input, Map<String, Object> options, String field) {
        return new InvalidRequest(request(operation, model, input, options), field);
    }

    private static byte[] downloaded(String url) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
