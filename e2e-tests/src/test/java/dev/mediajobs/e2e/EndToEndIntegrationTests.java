package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import dev.mediajobs.support.testing.TestKafka;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * One run of the whole system: 50 jobs through REST and 10 published straight onto the requests topic, some set to
 * fail at the simulator; every job must reach the right terminal state, every stored asset must match the bytes the
 * simulator served, every terminal state must be announced by exactly one verified webhook, and the Prometheus
 * counters of the services must add up to what happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIntegrationTests {

    private static final String KEY_ACME = "mj_test_acme_" + UUID.randomUUID();
    private static final String KEY_GLOBEX = "mj_test_globex_" + UUID.randomUUID();
    private static final String SIMULATOR_KEY = "sim-e2e-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString(("e2e-signing-secret-" + UUID.randomUUID()).getBytes());
    private static final List<String> OPERATIONS = List.of("text-to-image", "text-to-video", "music", "text");

    private static SimulatorServer simulator;
    private static WebhookReceiver webhooks;
    private static MediajobsStack stack;
    private static MediajobsApi acme;
    private static MediajobsApi globex;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startEverything() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(SIMULATOR_KEY)
                .minDurationMs(200).maxDurationMs(1500).rateLimitRate(0.05).retryAfterSeconds(1).build());
        webhooks = new WebhookReceiver(WEBHOOK_SECRET);
        String suffix = "e2e-" + UUID.randomUUID();
        Map<String, Object> props = new LinkedHashMap<>(dev.mediajobs.support.testing.TestInfrastructure.isolatedTopics(suffix));
        props.put("mediajobs.s3.bucket", "e2e-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.providers.simulator.base-url", simulator.baseUrl());
        props.put("mediajobs.providers.simulator.api-key", SIMULATOR_KEY);
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(KEY_ACME));
        props.put("mediajobs.api.tenants.globex.key-sha256", Hashing.sha256Hex(KEY_GLOBEX));
        props.put("mediajobs.webhooks.signing-secret", WEBHOOK_SECRET);
        stack = new MediajobsStack(props).start();
        acme = new MediajobsApi(stack.baseUrl(Service.API), KEY_ACME);
        globex = new MediajobsApi(stack.baseUrl(Service.API), KEY_GLOBEX);
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        if (webhooks != null) {
            webhooks.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1) // counts every transition on the services: runs before any other job exists
    void sixtyJobsThroughRestAndKafkaReachTheRightEnd() throws Exception {
        Map<String, String> expectedState = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            boolean fail = i % 5 == 0;
            String id = submitThroughRest(OPERATIONS.get(i % OPERATIONS.size()), "rest job " + i, fail);
            expectedState.put(id, fail ? "failed" : "succeeded");
        }
        for (int i = 0; i < 10; i++) {
            boolean fail = i < 2;
            String requestId = "direct-" + i + "-" + UUID.randomUUID();
            publishDirectly(requestId, OPERATIONS.get(i % OPERATIONS.size()), "kafka job " + i, fail);
            expectedState.put(JobIds.fromRequestId("acme", requestId), fail ? "failed" : "succeeded");
        }

        Map<String, JsonNode> finalJobs = acme.awaitTerminal(expectedState.keySet(), Duration.ofMinutes(4));

        expectedState.forEach((id, state) -> assertThat(finalJobs.get(id).path("state").asString())
                .as("state of job %s (%s)", id, finalJobs.get(id)).isEqualTo(state));
        for (Map.Entry<String, String> e : expectedState.entrySet()) {
            JsonNode job = finalJobs.get(e.getKey());
            if (e.getValue().equals("succeeded")) {
                assertAssetArchivedWithSimulatorChecksum(job);
            } else {
                assertThat(job.path("error").path("code").asString()).isEqualTo("provider_task_failed");
            }
        }

        Awaitility.await("a webhook for every job").atMost(Duration.ofMinutes(1))
                .until(() -> webhooks.deliveriesPerJob().keySet().containsAll(expectedState.keySet()));
        assertThat(webhooks.deliveries()).allSatisfy(d -> {
            assertThat(d.signatureValid()).as("signature of %s", d.webhookId()).isTrue();
            assertThat(d.webhookId()).isEqualTo(d.event().id());
            assertThat(d.event().type()).isEqualTo("job." + expectedState.get(d.event().job().id()));
        });
        assertThat(webhooks.deliveriesPerJob()).allSatisfy((id, count) -> assertThat(count).as("webhooks of %s", id).isEqualTo(1));

        Map<String, Double> transitions = transitionCountsAcrossServices();
        assertThat(transitions).as("mediajobs_job_transitions_total by state, summed over the services")
                .containsEntry("queued", 60.0).containsEntry("submitted", 60.0).containsEntry("storing", 48.0)
                .containsEntry("succeeded", 48.0).containsEntry("failed", 12.0);
    }

    @Test
    @Order(2)
    void anotherTenantNeitherSeesNorCancelsAJob() throws Exception {
        String id = submitThroughRest("text-to-image", "acme's private job", false);

        assertThat(acme.get("/v1/jobs/" + id).statusCode()).isEqualTo(200);
        assertThat(globex.get("/v1/jobs/" + id).statusCode()).isEqualTo(404);
        assertThat(globex.post("/v1/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(404);
        JsonNode globexList = JsonCodec.mapper().readTree(globex.get("/v1/jobs?limit=100").body());
        assertThat(globexList.path("items").valueStream().map(j -> j.path("id").asString())).doesNotContain(id);
        JsonNode acmeList = JsonCodec.mapper().readTree(acme.get("/v1/jobs?limit=100").body());
        assertThat(acmeList.path("items").valueStream().map(j -> j.path("id").asString())).contains(id);
    }

    private void assertAssetArchivedWithSimulatorChecksum(JsonNode job) throws Exception {
        byte[] downloaded = MediajobsApi.downloadVerified(job);
        JsonNode asset = job.path("assets").get(0);
        String servedBySimulator = simulatorTask(job.path("providerTaskId").asString()).path("outputs").get(0).path("sha256").asString();

        assertThat(Hashing.sha256Hex(downloaded)).isEqualTo(servedBySimulator);
        StatObjectResponse stat = stack.bean(Service.STORAGE, MinioClient.class).statObject(StatObjectArgs.builder()
                .bucket(asset.path("bucket").asString()).object(asset.path("key").asString()).build());
        assertThat(stat.size()).isEqualTo(downloaded.length);
    }

    private String submitThroughRest(String operation, String prompt, boolean fail) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", "simulator");
        body.put("operation", operation);
        body.put("input", Map.of("prompt", prompt));
        body.put("webhookUrl", webhooks.url());
        if (fail) {
            body.put("options", Map.of("simulate", Map.of("outcome", "fail")));
        }
        return acme.submit(body);
    }

    private void publishDirectly(String requestId, String operation, String prompt, boolean fail) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "submit");
        request.put("tenant", "acme");
        request.put("requestId", requestId);
        request.put("provider", "simulator");
        request.put("operation", operation);
        request.put("input", Map.of("prompt", prompt));
        request.put("webhookUrl", webhooks.url());
        if (fail) {
            request.put("options", Map.of("simulate", Map.of("outcome", "fail")));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>((String) stack.properties().get("mediajobs.kafka.topics.requests"),
                    requestId, JsonCodec.toJson(request)));
        }
    }

    /** The simulator's own record of the task; asked again when its configured 429s hit this read too. */
    private JsonNode simulatorTask(String taskId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/tasks/" + taskId))
                .header("Authorization", "Bearer " + SIMULATOR_KEY).build();
        HttpResponse<String> answer = Awaitility.await("simulator task " + taskId).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() != 429);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonCodec.mapper().readTree(answer.body());
    }

    /** Sums mediajobs_job_transitions_total by state over the four services' Prometheus endpoints. */
    private Map<String, Double> transitionCountsAcrossServices() throws Exception {
        Map<String, Double> byState = new HashMap<>();
        for (Service service : Service.values()) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl(service) + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as("/actuator/prometheus of %s: %s", service, scrape.body()).isEqualTo(200);
            String text = scrape.body();
            for (String line : text.lines().toList()) {
                if (line.startsWith("mediajobs_job_transitions_total{")) {
                    String state = line.replaceAll(".*state=\"([a-z_]+)\".*", "$1");
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    byState.merge(state, value, Double::sum);
                }
            }
        }
        return byState;
    }

}
