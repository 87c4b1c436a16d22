package dev.mediajobs.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Operation;
import dev.mediajobs.simulator.SimulatorClient.Answer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class SimulatorServerTests {

    private static final String KEY = "sim-key-for-tests";
    private static SimulatorServer server;
    private static SimulatorClient client;

    @BeforeAll
    static void start() {
        server = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(KEY).durationMs(200).build());
        client = new SimulatorClient(server.baseUrl(), KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listensOnLoopbackAtARandomPortAndAnswersHealth() {
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(client.get("/health").status()).isEqualTo(200);
        assertThat(client.get("/nothing-here").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void everyOperationSucceedsWithARealDownloadableAssetMatchingItsChecksum(Operation operation) throws IOException {
        Answer submitted = client.submit(task(operation, "a lighthouse in a storm", Map.of("durationMs", 300)));
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.json().get("status").asString()).isIn("queued", "running");
        assertThat(submitted.json().get("etaMs").asLong()).isBetween(0L, 300L);
        String id = submitted.json().get("id").asString();

        JsonNode done = awaitStatus(id, "succeeded");
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.has("error")).isFalse();
        JsonNode output = done.get("outputs").get(0);
        assertThat(output.get("url").asString()).isEqualTo(server.baseUrl() + "/v1/files/" + id + "/0");

        Answer file = client.download(output.get("url").asString());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo(output.get("contentType").asString());
        assertThat(file.header("Content-Length")).isEqualTo(output.get("sizeBytes").asString());
        assertThat(Hashing.sha256Hex(file.bytes())).isEqualTo(output.get("sha256").asString());
        assertDecodes(operation, output.get("contentType").asString(), file.bytes());

        assertThat(client.download(output.get("url").asString()).bytes()).as("same bytes on every download").isEqualTo(file.bytes());
        assertThat(client.task(id).json().get("outputs").get(0).get("sha256").asString()).isEqualTo(output.get("sha256").asString());
    }

    @Test
    void aTaskIsQueuedThenRunningWithRisingProgress() {
        // 10 s: queued for the first second, which leaves ample time for the first poll even on a slow machine
        String id = client.submit(task(Operation.TEXT_TO_IMAGE, "slow", Map.of("durationMs", 10_000))).json().get("id").asString();
        assertThat(client.task(id).json().get("status").asString()).isEqualTo("queued");
        JsonNode running = awaitStatus(id, "running");
        assertThat(running.get("progress").asInt()).isBetween(0, 99);
        assertThat(running.has("outputs")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.task(id).json().get("progress").asInt() > running.get("progress").asInt());
    }

    @Test
    void headOfAFileGivesItsLengthWithoutBody() {
        String id = client.submit(task(Operation.MUSIC, "drums", Map.of("durationMs", 0))).json().get("id").asString();
        JsonNode output = awaitStatus(id, "succeeded").get("outputs").get(0);
        Answer head = client.head(output.get("url").asString());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(output.get("sizeBytes").asString());
        assertThat(head.bytes()).isEmpty();
    }

    @Test
    void filesOfUnfinishedOrUnknownTasksAre404() {
        String id = client.submit(task(Operation.TEXT, "later", Map.of("durationMs", 60_000))).json().get("id").asString();
        assertThat(client.download(server.baseUrl() + "/v1/files/" + id + "/0").status()).isEqualTo(404);
        assertThat(client.download(server.baseUrl() + "/v1/files/" + UUID.randomUUID() + "/0").status()).isEqualTo(404);
        assertThat(client.download(server.baseUrl() + "/v1/files/" + id + "/x").status()).isEqualTo(404);
    }

    @Test
    void aWrongOrMissingKeyIs401WithoutEchoingTheKey() {
        Answer wrong = client.withKey("not-the-key").submit(task(Operation.TEXT, "hi", null));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").get("code").asString()).isEqualTo("unauthorized");
        assertThat(new String(wrong.bytes(), StandardCharsets.UTF_8)).doesNotContain("not-the-key");

        assertThat(client.withKey(null).task(UUID.randomUUID().toString()).status()).isEqualTo(401);
        assertThat(client.withKey("not-the-key").taskByClientTaskId("x").status()).isEqualTo(401);
        assertThat(client.withKey("not-the-key").cancel("x").status()).isEqualTo(401);
    }

    @Test
    void aKeyStartingWithNocreditIs402() {
        try (SimulatorServer poor = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey("nocredit-123").build())) {
            Answer answer = new SimulatorClient(poor.baseUrl(), "nocredit-123").submit(task(Operation.TEXT, "hi", null));
            assertThat(answer.status()).isEqualTo(402);
            assertThat(answer.json().get("error").get("code").asString()).isEqualTo("insufficient_credits");
        }
    }

    @Test
    void withoutAConfiguredKeyAnyNonEmptyBearerPasses() {
        try (SimulatorServer open = SimulatorServer.start(SimulatorConfig.builder().port(0).build())) {
            SimulatorClient anyone = new SimulatorClient(open.baseUrl(), "whatever");
            assertThat(anyone.submit(task(Operation.TEXT, "hi", null)).status()).isEqualTo(202);
            assertThat(anyone.withKey(null).submit(task(Operation.TEXT, "hi", null)).status()).isEqualTo(401);
            assertThat(anyone.withKey("nocredit").submit(task(Operation.TEXT, "hi", null)).status()).isEqualTo(402);
        }
    }

    @Test
    void aMissingPromptIs400NamingTheField() {
        Answer answer = client.submit(task(Operation.TEXT_TO_IMAGE, null, null));
        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json().get("error");
        assertThat(error.get("code").asString()).isEqualTo("invalid_request");
        assertThat(error.get("message").asString()).isEqualTo("prompt is required");
        assertThat(error.get("field").asString()).isEqualTo("prompt");

        assertThat(client.submit(task(Operation.TEXT, "   ", null)).status()).isEqualTo(400);
        assertThat(client.submit(task(Operation.IMAGE_TO_VIDEO, null, null)).status()).as("prompt is optional here").isEqualTo(202);
    }

    @Test
    void malformedBodiesAre400() {
        assertThat(client.submitRaw("{not json").status()).isEqualTo(400);
        assertThat(client.submitRaw("[1, 2]").status()).isEqualTo(400);
        assertThat(client.submitRaw("").status()).isEqualTo(400);
        Answer badOperation = client.submit(Map.of("operation", "text-to-hologram", "prompt", "x"));
        assertThat(badOperation.status()).isEqualTo(400);
        assertThat(badOperation.json().get("error").get("field").asString()).isEqualTo("operation");
        Answer badOutcome = client.submit(task(Operation.TEXT, "x", Map.of("outcome", "maybe")));
        assertThat(badOutcome.json().get("error").get("field").asString()).isEqualTo("simulate.outcome");
        Answer longPrompt = client.submit(task(Operation.TEXT, "x".repeat(10_001), null));
        assertThat(longPrompt.json().get("error").get("field").asString()).isEqualTo("prompt");
        Answer badParams = client.submit(Map.of("operation", "text", "prompt", "x", "params", "loud"));
        assertThat(badParams.json().get("error").get("field").asString()).isEqualTo("params");
        Answer badDuration = client.submit(task(Operation.TEXT, "x", Map.of("durationMs", -1)));
        assertThat(badDuration.json().get("error").get("field").asString()).isEqualTo("simulate.durationMs");
    }

    @Test
    void submittingTheSameClientTaskIdAgainAnswersWithTheExistingTask() {
        String clientTaskId = "job-" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>(task(Operation.TEXT_TO_VIDEO, "waves", Map.of("durationMs", 5000)));
        body.put("clientTaskId", clientTaskId);

        Answer first = client.submit(body);
        Answer second = client.submit(body);
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        String id = first.json().get("id").asString();
        assertThat(second.json().get("id").asString()).isEqualTo(id);
        assertThat(second.json().get("clientTaskId").asString()).isEqualTo(clientTaskId);

        Answer found = client.taskByClientTaskId(clientTaskId);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").asString()).isEqualTo(id);
        assertThat(client.taskByClientTaskId("never-submitted").status()).isEqualTo(404);
    }

    @Test
    void aForcedFailureEndsFailedWithAnErrorAndNoOutputs() {
        String id = client.submit(task(Operation.TEXT_TO_IMAGE, "doomed", Map.of("outcome", "fail", "durationMs", 200)))
                .json().get("id").asString();
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("generation_failed");
        assertThat(failed.get("error").get("message").asString()).isNotBlank();
        assertThat(failed.has("outputs")).isFalse();
        assertThat(client.download(server.baseUrl() + "/v1/files/" + id + "/0").status()).isEqualTo(404);
    }

    @Test
    void failOnPollFailsAtTheFirstPoll() {
        String id = client.submit(task(Operation.TEXT, "doomed", Map.of("failOnPoll", true, "durationMs", 600_000)))
                .json().get("id").asString();
        assertThat(client.task(id).json().get("status").asString()).isEqualTo("failed");
    }

    @Test
    void theFailureRateDecidesTasksWithoutAnOutcome() {
        try (SimulatorServer failing = SimulatorServer.start(SimulatorConfig.builder().port(0).failureRate(1.0).durationMs(0).build())) {
            SimulatorClient c = new SimulatorClient(failing.baseUrl(), "any");
            String id = c.submit(task(Operation.TEXT, "x", null)).json().get("id").asString();
            assertThat(c.task(id).json().get("status").asString()).isEqualTo("failed");
            String forced = c.submit(task(Operation.TEXT, "x", Map.of("outcome", "succeed"))).json().get("id").asString();
            assertThat(c.task(forced).json().get("status").asString()).as("simulate.outcome wins").isEqualTo("succeeded");
        }
    }

    @Test
    void aRateLimitRateOfOneAnswers429WithRetryAfterOnSubmitAndPoll() {
        try (SimulatorServer busy = SimulatorServer.start(SimulatorConfig.builder().port(0).rateLimitRate(1.0).retryAfterSeconds(7).build())) {
            SimulatorClient c = new SimulatorClient(busy.baseUrl(), "any");
            Answer submit = c.submit(task(Operation.TEXT, "x", null));
            assertThat(submit.status()).isEqualTo(429);
            assertThat(submit.header("Retry-After")).isEqualTo("7");
            assertThat(submit.json().get("error").get("code").asString()).isEqualTo("rate_limited");
            Answer poll = c.task(UUID.randomUUID().toString());
            assertThat(poll.status()).isEqualTo(429);
            assertThat(poll.header("Retry-After")).isEqualTo("7");
        }
    }

    @Test
    void cancelStopsARunningTaskButNotAFinishedOne() {
        String id = client.submit(task(Operation.MUSIC, "endless", Map.of("durationMs", 600_000))).json().get("id").asString();
        Answer canceled = client.cancel(id);
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().get("status").asString()).isEqualTo("canceled");
        assertThat(client.task(id).json().get("status").asString()).isEqualTo("canceled");
        assertThat(client.cancel(id).json().get("status").asString()).isEqualTo("canceled");

        String done = client.submit(task(Operation.MUSIC, "short", Map.of("durationMs", 0))).json().get("id").asString();
        assertThat(client.cancel(done).json().get("status").asString()).isEqualTo("succeeded");
        assertThat(client.cancel(UUID.randomUUID().toString()).status()).isEqualTo(404);
    }

    @Test
    void anUnknownTaskIs404() {
        Answer answer = client.task(UUID.randomUUID().toString());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").get("code").asString()).isEqualTo("not_found");
    }

    @Test
    void outputUrlsUseThePublicBaseUrlWhenConfigured() {
        try (SimulatorServer behindProxy = SimulatorServer.start(SimulatorConfig.builder().port(0)
                .publicBaseUrl("http://simulator:8090/").durationMs(0).build())) {
            SimulatorClient c = new SimulatorClient(behindProxy.baseUrl(), "any");
            String id = c.submit(task(Operation.TEXT, "x", null)).json().get("id").asString();
            assertThat(c.task(id).json().get("outputs").get(0).get("url").asString())
                    .isEqualTo("http://simulator:8090/v1/files/" + id + "/0");
        }
    }

    @Test
    void evictedAssetBytesAreGeneratedAgainIdentically() {
        // a zero-byte cache keeps nothing: every download regenerates and must still match the published checksum
        try (SimulatorServer forgetful = SimulatorServer.start(SimulatorConfig.builder().port(0).assetCacheBytes(0).durationMs(0).build())) {
            SimulatorClient c = new SimulatorClient(forgetful.baseUrl(), "any");
            for (Operation operation : List.of(Operation.TEXT_TO_IMAGE, Operation.TEXT_TO_VIDEO, Operation.MUSIC)) {
                String id = c.submit(task(operation, "again", null)).json().get("id").asString();
                JsonNode output = c.task(id).json().get("outputs").get(0);
                for (int i = 0; i < 3; i++) {
                    assertThat(Hashing.sha256Hex(c.download(output.get("url").asString()).bytes()))
                            .isEqualTo(output.get("sha256").asString());
                }
            }
        }
    }

    private static Map<String, Object> task(Operation operation, String prompt, Map<String, Object> simulate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", operation.wireName());
        if (prompt != null) {
            body.put("prompt", prompt);
        }
        body.put("params", Map.of("aspectRatio", "1:1"));
        if (simulate != null) {
            body.put("simulate", simulate);
        }
        return body;
    }

    private static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.task(id).json(), json -> json.get("status").asString().equals(status));
    }

    private static void assertDecodes(Operation operation, String contentType, byte[] bytes) throws IOException {
        switch (operation) {
            case TEXT_TO_IMAGE, IMAGE_TO_IMAGE -> {
                assertThat(contentType).isEqualTo("image/png");
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                assertThat(image).isNotNull();
                assertThat(image.getWidth()).isEqualTo(256);
                assertThat(image.getHeight()).isEqualTo(256);
            }
            case TEXT_TO_VIDEO, IMAGE_TO_VIDEO, VIDEO_TO_VIDEO -> {
                assertThat(contentType).isEqualTo("image/gif");
                assertThat(gifFrameCount(bytes)).isGreaterThan(1);
            }
            case MUSIC -> {
                assertThat(contentType).isEqualTo("audio/wav");
                assertWav(bytes);
            }
            case TEXT -> {
                assertThat(contentType).isEqualTo("text/plain; charset=utf-8");
                assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("a lighthouse in a storm");
            }
        }
    }

    static int gifFrameCount(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            List<ImageReader> readers = List.copyOf(iterable(ImageIO.getImageReaders(in)));
            assertThat(readers).isNotEmpty();
            ImageReader reader = readers.get(0);
            assertThat(reader.getFormatName()).isEqualToIgnoringCase("gif");
            reader.setInput(in);
            try {
                int frames = reader.getNumImages(true);
                for (int i = 0; i < frames; i++) {
                    assertThat(reader.read(i).getWidth()).isPositive();
                }
                return frames;
            } finally {
                reader.dispose();
            }
        }
    }

    static void assertWav(byte[] bytes) {
        ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(wav.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(new String(bytes, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(wav.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(wav.getShort(22)).as("mono").isEqualTo((short) 1);
        assertThat(wav.getShort(34)).as("16-bit").isEqualTo((short) 16);
        assertThat(new String(bytes, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        int dataBytes = wav.getInt(40);
        assertThat(dataBytes).isEqualTo(bytes.length - 44);
        assertThat(dataBytes / 2 / wav.getInt(24)).as("seconds").isGreaterThanOrEqualTo(2);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
