package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import dev.mediajobs.storage.archive.BucketInitializer;
import dev.mediajobs.support.testing.TestS3;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * S3 goes down for a while in the middle of a run (by default 60 seconds; system property
 * {@code mediajobs.e2e.s3-outage-seconds}): jobs submitted meanwhile wait in {@code storing}, nothing fails, and once
 * S3 is back on the same port with the same data every job ends {@code succeeded} with the bytes the simulator served.
 *
 * <p>Only the storage-service needs S3 for these jobs: the api-service merely presigns (a local computation) and the
 * dispatcher and poller touch S3 only to stage inline outputs, which the simulator never returns. So the rest of the
 * system must carry on: submissions accepted, jobs readable, every service alive.
 */
class S3OutageEndToEndIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(S3OutageEndToEndIntegrationTests.class);

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("mediajobs.e2e.s3-outage-seconds", 60));
    private static final int JOBS = 20;
    private static final Duration PRESIGN_EXPIRY = Duration.ofMinutes(17);

    private static final String API_KEY = "mj_test_outage_" + UUID.randomUUID();
    private static final String SIMULATOR_KEY = "sim-outage-" + UUID.randomUUID();
    private static final String BUCKET = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient http = HttpClient.newHttpClient();

    private static SimulatorServer simulator;
    private static MediajobsStack stack;
    private static MediajobsApi api;

    @BeforeAll
    static void startEverything() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(SIMULATOR_KEY)
                .minDurationMs(200).maxDurationMs(1500).build());
        Map<String, Object> props = new LinkedHashMap<>(
                dev.mediajobs.support.testing.TestInfrastructure.isolatedTopics("outage-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", BUCKET);
        props.put("mediajobs.s3.presign-expiry", PRESIGN_EXPIRY.toMinutes() + "m");
        props.put("mediajobs.providers.simulator.base-url", simulator.baseUrl());
        props.put("mediajobs.providers.simulator.api-key", SIMULATOR_KEY);
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(API_KEY));
        props.put("mediajobs.outbound.allow-list", "127.0.0.1");
        // the retries while S3 is away: short, so that storing resumes within seconds of S3's return
        props.put("mediajobs.storage.s3-retry-initial-interval", "500ms");
        props.put("mediajobs.storage.s3-retry-max-interval", "2s");
        stack = new MediajobsStack(props).start();
        api = new MediajobsApi(stack.baseUrl(Service.API), API_KEY);
    }

    @AfterAll
    static void stopEverything() {
        // whatever happened, the other test classes of this JVM share this S3
        TestS3.start();
        if (stack != null) {
            stack.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void jobsWaitInStoringWhileS3IsDownAndAllSucceedWithTheRightBytesOnceItIsBack() throws Exception {
        MinioClient s3 = stack.bean(Service.STORAGE, MinioClient.class);
        Awaitility.await("the asset bucket").atMost(Duration.ofSeconds(30))
                .until(() -> stack.bean(Service.STORAGE, BucketInitializer.class).isReady());
        String canary = putCanary(s3);
        double refusedBefore = storesRefusedByS3();

        TestS3.stop();
        Instant down = Instant.now();
        Instant back;
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < JOBS; i++) {
                ids.add(submit("a lighthouse during an S3 outage, take " + i));
            }
            Awaitility.await(JOBS + " jobs in storing").atMost(OUTAGE).pollInterval(Duration.ofMillis(500))
                    .until(() -> allInState(ids, "storing"));
            Awaitility.await("stores refused by S3 and retried").atMost(OUTAGE)
                    .until(() -> storesRefusedByS3() > refusedBefore);
            assertTheRestOfTheSystemCarriesOn();

            Duration left = Duration.between(Instant.now(), down.plus(OUTAGE));
            if (left.compareTo(Duration.ofSeconds(1)) > 0) {
                Awaitility.await("every job still storing until S3 returns").during(left)
                        .atMost(left.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> allInState(ids, "storing"));
            }
        } finally {
            TestS3.start();
            back = Instant.now();
        }
        log.info("S3 was down for {} s; {} jobs waited in storing", Duration.between(down, back).toSeconds(), JOBS);
        assertThat(Duration.between(down, back)).isGreaterThanOrEqualTo(OUTAGE);

        Map<String, JsonNode> done = api.awaitTerminal(ids, Duration.ofMinutes(2));

        for (String id : ids) {
            JsonNode job = done.get(id);
            assertThat(job.path("state").asString()).as("state of %s: %s", id, job).isEqualTo("succeeded");
            assertArchivedWithTheSimulatorsBytes(s3, job);
        }
        assertThat(read(s3, canary)).as("S3 came back with its data").isEqualTo("canary " + BUCKET);
    }

    /** The API accepts and answers, and no service reports itself dead, while S3 is unreachable. */
    private static void assertTheRestOfTheSystemCarriesOn() throws Exception {
        assertThat(api.get("/v1/jobs?limit=5").statusCode()).isEqualTo(200);
        for (Service service : List.of(Service.API, Service.DISPATCHER, Service.POLLER)) {
            assertThat(health(service, "/actuator/health")).as("health of %s", service).isEqualTo(200);
        }
        // an S3 outage must not get the storage-service restarted: it waits, it is not broken
        assertThat(health(Service.STORAGE, "/actuator/health/liveness")).as("liveness of the storage-service").isEqualTo(200);
    }

    private void assertArchivedWithTheSimulatorsBytes(MinioClient s3, JsonNode job) throws Exception {
        byte[] downloaded = MediajobsApi.downloadVerified(job);
        JsonNode asset = job.path("assets").get(0);
        assertThat(asset.path("downloadUrl").asString()).as("presigned with mediajobs.s3.presign-expiry")
                .contains("X-Amz-Expires=" + PRESIGN_EXPIRY.toSeconds());
        String served = simulatorTask(job.path("providerTaskId").asString()).path("outputs").get(0).path("sha256").asString();
        assertThat(Hashing.sha256Hex(downloaded)).as("bytes of job %s", job.path("id").asString()).isEqualTo(served);
        assertThat(asset.path("sha256").asString()).isEqualTo(served);
        assertThat(s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(asset.path("key").asString()).build())
                .size()).isEqualTo(downloaded.length);
    }

    private String submit(String prompt) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", "simulator");
        body.put("operation", "text-to-image");
        body.put("input", Map.of("prompt", prompt));
        return api.submit(body);
    }

    private static boolean allInState(List<String> ids, String state) throws Exception {
        for (String id : ids) {
            HttpResponse<String> r = api.get("/v1/jobs/" + id);
            String actual = r.statusCode() == 200 ? JsonCodec.mapper().readTree(r.body()).path("state").asString() : "";
            if (!state.equals(actual)) {
                assertThat(actual).as("job %s while S3 is down", id).isNotIn("failed", "succeeded", "canceled", "timed_out");
                return false;
            }
        }
        return true;
    }

    private static double storesRefusedByS3() {
        Counter refused = stack.bean(Service.STORAGE, MeterRegistry.class).find("mediajobs.storage.assets")
                .tags("outcome", "storage_unavailable").counter();
        return Optional.ofNullable(refused).map(Counter::count).orElse(0.0);
    }

    private static int health(Service service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl(service) + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String putCanary(MinioClient s3) throws Exception {
        String key = "canary/" + UUID.randomUUID();
        byte[] bytes = ("canary " + BUCKET).getBytes(StandardCharsets.UTF_8);
        s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        return key;
    }

    private static String read(MinioClient s3, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The simulator's own record of the task, with the SHA-256 of the output it served. */
    private static JsonNode simulatorTask(String taskId) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/tasks/" + taskId))
                .header("Authorization", "Bearer " + SIMULATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonCodec.mapper().readTree(answer.body());
    }
}
