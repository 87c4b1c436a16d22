package dev.mediajobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;

/**
 * The api-service against the real Kafka and Redis of the test infrastructure, driven over HTTP like any client.
 * Tenants A and B share nothing; tenant C is used only by the listing test so its pages are predictable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIntegrationTests {

    private static final String SUFFIX = "api-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY_A = "test-key-a-" + UUID.randomUUID();
    private static final String KEY_B = "test-key-b-" + UUID.randomUUID();
    private static final String KEY_C = "test-key-c-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET_A = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
    private static final String REQUESTS = "test.requests." + SUFFIX;
    private static final String EVENTS = "test.events." + SUFFIX;
    private static final String STATE = "test.state." + SUFFIX;
    private static final String COMPLETIONS = "test.completions." + SUFFIX;
    private static final String VALID_BODY = """
            {"provider":"simulator","operation":"text-to-image","input":{"prompt":"a lighthouse at dawn"}}""";

    private static ConfigurableApplicationContext context;
    private static ApiClient api;
    private static TopicProbe topics;
    private static UnifiedJedis redis;

    @BeforeAll
    static void start() {
        Map<String, Object> p = new LinkedHashMap<>(TestInfrastructure.kafkaAndRedis());
        p.putAll(TestInfrastructure.isolatedTopics(SUFFIX));
        p.put("server.port", 0);
        p.put("mediajobs.api.tenants.tenant-a.key-sha256", Hashing.sha256Hex(KEY_A));
        p.put("mediajobs.api.tenants.tenant-a.webhook-secret", WEBHOOK_SECRET_A);
        p.put("mediajobs.api.tenants.tenant-b.key-sha256", Hashing.sha256Hex("old-key-b") + "," + Hashing.sha256Hex(KEY_B));
        p.put("mediajobs.api.tenants.tenant-c.key-sha256", Hashing.sha256Hex(KEY_C));
        p.put("mediajobs.api.view-rebuild-check-interval", "200ms");
        p.put("mediajobs.providers.simulator.api-key", "simulator-test-key");
        // presigning is computed locally: an endpoint is needed, a running S3 is not
        p.put("mediajobs.s3.endpoint", "http://127.0.0.1:9");
        p.put("mediajobs.s3.access-key", "test-access");
        p.put("mediajobs.s3.secret-key", "test-secret");
        p.put("spring.main.banner-mode", "off");
        // command-line arguments outrank api-service.yml (server.port 8080)
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = ApiServiceApplication.builder().run(args);
        api = new ApiClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        topics = new TopicProbe();
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (topics != null) {
            topics.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    // ---------------------------------------------------------------- submit and read

    @Test
    @Order(1)
    void submitPublishesTheRequestThenTheQueuedSnapshotAndGetReturnsIt() {
        ApiClient.Response r = api.post("/v1/jobs", KEY_A, """
                {"provider":"simulator","operation":"text-to-image",
                 "input":{"prompt":"a red fox","aspectRatio":"16:9","seed":7},
                 "options":{"simulate":{"outcome":"succeed"}},"webhookUrl":"https://hooks.example.com/x"}""");

        assertThat(r.status()).isEqualTo(202);
        JsonNode job = r.json();
        String id = job.get("id").asString();
        assertThat(r.header("Location")).isEqualTo("/v1/jobs/" + id);
        assertThat(job.get("state").asString()).isEqualTo("queued");
        assertThat(job.get("version").asLong()).isEqualTo(1);
        assertThat(job.get("provider").asString()).isEqualTo("simulator");
        assertThat(job.get("operation").asString()).isEqualTo("text-to-image");
        assertThat(job.get("input").get("prompt").asString()).isEqualTo("a red fox");
        assertThat(job.get("webhookUrl").asString()).isEqualTo("https://hooks.example.com/x");
        assertThat(job.get("cancelRequested").asBoolean()).isFalse();
        assertThat(Instant.parse(job.get("createdAt").asString())).isCloseTo(Instant.now(), within(60));
        assertNoInternals(job);

        JobRequest request = onlyRecordFor(REQUESTS, id, JobRequest.class);
        assertThat(request.type()).isEqualTo(JobRequest.SUBMIT);
        assertThat(request.source()).isEqualTo(JobRequest.SOURCE_REST);
        assertThat(request.tenant()).isEqualTo("tenant-a");
        assertThat(request.jobId()).isEqualTo(id);
        assertThat(request.requestHash()).hasSize(64);
        assertThat(request.input().seed()).isEqualTo(7L);
        assertThat(request.options()).containsKey("simulate");
        JobEvent queued = onlyRecordFor(EVENTS, id, JobEvent.class);
        assertThat(queued.id()).isEqualTo(id + ":1");
        assertThat(queued.job().state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.job().tenant()).isEqualTo("tenant-a");
        assertThat(queued.job().requestHash()).isEqualTo(request.requestHash());
        assertThat(onlyRecordFor(STATE, id, Job.class).version()).isEqualTo(1);

        ApiClient.Response get = api.get("/v1/jobs/" + id, KEY_A);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.contentType()).startsWith("application/json");
        assertThat(get.json().get("id").asString()).isEqualTo(id);
        assertThat(get.json().get("state").asString()).isEqualTo("queued");
        assertNoInternals(get.json());
    }

    @Test
    @Order(2)
    void anotherTenantNeitherReadsNorListsNorCancelsTheJob() {
        String id = submit(KEY_A, VALID_BODY).get("id").asString();

        ApiClient.Response asB = api.get("/v1/jobs/" + id, KEY_B);
        assertThat(asB.status()).isEqualTo(404);
        assertProblem(asB, "not_found", null);
        assertThat(api.post("/v1/jobs/" + id + "/cancel", KEY_B, null).status()).isEqualTo(404);
        assertThat(idsOf(api.get("/v1/jobs?limit=100", KEY_B).json())).doesNotContain(id);
        assertThat(idsOf(api.get("/v1/jobs?limit=100", KEY_A).json())).contains(id);
        assertThat(api.get("/v1/jobs/not-a-uuid", KEY_A).status()).isEqualTo(404);
        assertThat(api.get("/v1/jobs/" + UUID.randomUUID(), KEY_A).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void listingFiltersByStateAndPagesWithACursor() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(submit(KEY_C, VALID_BODY).get("id").asString());
        }
        // the dispatcher's next snapshot of one job, as it would publish it: the view follows the events topic
        Job second = fetchSnapshot(submitted.get(1)).transitionTo(JobState.SUBMITTED, Instant.now());
        topics.publish(EVENTS, second.id(), JsonCodec.toJson(JobEvent.of(second, "dispatcher-service", Instant.now())));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(idsOf(api.get("/v1/jobs?state=submitted", KEY_C).json())).containsExactly(second.id()));
        assertThat(idsOf(api.get("/v1/jobs?state=queued&provider=simulator", KEY_C).json()))
                .hasSize(4).doesNotContain(second.id());
        assertThat(idsOf(api.get("/v1/jobs?provider=someone-else", KEY_C).json())).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/v1/jobs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), KEY_C).json();
            List<String> ids = idsOf(page);
            assertThat(ids.size()).isLessThanOrEqualTo(2);
            paged.addAll(ids);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(paged).hasSize(5).containsExactlyInAnyOrderElementsOf(submitted).doesNotHaveDuplicates();
        assertThat(pages).isBetween(3, 4);

        assertProblem(api.get("/v1/jobs?state=bogus", KEY_C), "field_invalid", "state");
        assertProblem(api.get("/v1/jobs?limit=0", KEY_C), "field_invalid", "limit");
        assertProblem(api.get("/v1/jobs?limit=101", KEY_C), "field_invalid", "limit");
        assertProblem(api.get("/v1/jobs?limit=ten", KEY_C), "field_invalid", "limit");
        assertProblem(api.get("/v1/jobs?cursor=!!not-ours!!", KEY_C), "field_invalid", "cursor");
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    @Order(4)
    void anIdempotencyKeyNamesOneJobAndRefusesADifferentRequest() {
        String key = "order-" + UUID.randomUUID();
        long before = topics.count(REQUESTS);

        ApiClient.Response first = api.post("/v1/jobs", KEY_A, VALID_BODY, "Idempotency-Key", key);
        // the same request with its fields in another order is the same request
        ApiClient.Response again = api.post("/v1/jobs", KEY_A,
                "{\"input\":{\"prompt\":\"a lighthouse at dawn\"},\"operation\":\"text-to-image\",\"provider\":\"simulator\"}",
                "Idempotency-Key", key);
        ApiClient.Response different = api.post("/v1/jobs", KEY_A,
                VALID_BODY.replace("a lighthouse at dawn", "a lighthouse at dusk"), "Idempotency-Key", key);
        ApiClient.Response otherTenant = api.post("/v1/jobs", KEY_B, VALID_BODY, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertProblem(different, "idempotency_conflict", null);
        assertThat(different.status()).isEqualTo(409);
        assertThat(otherTenant.status()).as("keys are per tenant").isEqualTo(202);
        assertThat(otherTenant.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
        assertThat(topics.count(REQUESTS) - before).as("one request per tenant").isEqualTo(2);
        assertThat(recordsFor(REQUESTS, first.json().get("id").asString())).hasSize(1);

        assertProblem(api.post("/v1/jobs", KEY_A, VALID_BODY, "Idempotency-Key", "k".repeat(201)),
                "field_invalid", "Idempotency-Key");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    @Order(5)
    void badInputIsA4xxProblemNamingTheFieldAndNothingIsPublished() {
        long requestsBefore = topics.count(REQUESTS);
        long eventsBefore = topics.count(EVENTS);

        ApiClient.Response malformed = api.post("/v1/jobs", KEY_A, "{\"provider\":\"simulator\",\"operation\": }");
        assertThat(malformed.status()).isEqualTo(400);
        assertProblem(malformed, "malformed_body", "operation");

        ApiClient.Response unknownProvider = api.post("/v1/jobs", KEY_A,
                VALID_BODY.replace("\"simulator\"", "\"no-such-provider\""));
        assertThat(unknownProvider.status()).isEqualTo(422);
        assertProblem(unknownProvider, "unknown_provider", "provider");

        ApiClient.Response missingPrompt = api.post("/v1/jobs", KEY_A,
                "{\"provider\":\"simulator\",\"operation\":\"text-to-image\",\"input\":{}}");
        assertThat(missingPrompt.status()).isEqualTo(422);
        assertProblem(missingPrompt, "validation_failed", "input.prompt");
        assertThat(missingPrompt.json().get("errors").get(0).get("code").asString()).isEqualTo("field_required");

        ApiClient.Response longPrompt = api.post("/v1/jobs", KEY_A,
                VALID_BODY.replace("a lighthouse at dawn", "x".repeat(10_001)));
        assertThat(longPrompt.status()).isEqualTo(422);
        assertProblem(longPrompt, "validation_failed", "input.prompt");
        assertThat(longPrompt.json().get("errors").get(0).get("code").asString()).isEqualTo("field_too_long");

        ApiClient.Response stringDuration = api.post("/v1/jobs", KEY_A,
                "{\"provider\":\"simulator\",\"operation\":\"text-to-video\",\"input\":{\"prompt\":\"x\",\"durationSeconds\":\"ten\"}}");
        assertThat(stringDuration.status()).isEqualTo(400);
        assertProblem(stringDuration, "malformed_body", "input.durationSeconds");

        ApiClient.Response unknownField = api.post("/v1/jobs", KEY_A, VALID_BODY.replace("\"provider\"", "\"provder\""));
        assertThat(unknownField.status()).isEqualTo(400);
        assertProblem(unknownField, "malformed_body", "provder");

        ApiClient.Response unsupported = api.post("/v1/jobs", KEY_A,
                "{\"provider\":\"simulator\",\"operation\":\"teleport\",\"input\":{\"prompt\":\"x\"}}");
        assertThat(unsupported.status()).isEqualTo(422);
        assertProblem(unsupported, "validation_failed", "operation");

        ApiClient.Response tooLarge = api.post("/v1/jobs", KEY_A,
                "{\"provider\":\"simulator\",\"options\":{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertProblem(tooLarge, "payload_too_large", null);

        ApiClient.Response notJson = api.send("POST", "/v1/jobs", KEY_A, "text/plain", VALID_BODY);
        assertThat(notJson.status()).isEqualTo(415);
        assertProblem(notJson, "unsupported_media_type", null);

        ApiClient.Response empty = api.post("/v1/jobs", KEY_A, "");
        assertThat(empty.status()).isEqualTo(400);
        assertProblem(empty, "malformed_body", null);

        // a valid submit afterwards is acknowledged only after it is on Kafka: had any bad one been published, the
        // count would show it by now
        submit(KEY_A, VALID_BODY);
        assertThat(topics.count(REQUESTS) - requestsBefore).isEqualTo(1);
        assertThat(topics.count(EVENTS) - eventsBefore).isEqualTo(1);
    }

    @Test
    @Order(6)
    void everyV1CallNeedsAValidKeyButActuatorAndTheOpenApiDocumentArePublic() {
        for (ApiClient.Response r : List.of(
                api.get("/v1/jobs", null),
                api.get("/v1/jobs", "wrong-key"),
                api.get("/v1/providers", Hashing.sha256Hex(KEY_A)),
                api.send("GET", "/v1/jobs", null, null, null, "Authorization", "Basic " + KEY_A),
                api.post("/v1/jobs", null, VALID_BODY),
                api.get("/v1/no-such-route", null))) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertProblem(r, "unauthenticated", null);
        }
        assertThat(api.get("/v1/jobs", "old-key-b").status()).as("a second key of tenant B").isEqualTo(200);

        ApiClient.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        ApiClient.Response openApi = api.get("/v1/openapi.yaml", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.contentType()).startsWith("application/yaml");
        assertThat(openApi.text()).startsWith("openapi: 3.1.0").contains("/v1/jobs/{id}/cancel", "Idempotency-Key",
                "application/problem+json", "bearer");
    }

    @Test
    @Order(6)
    void withCallbacksOffEveryCallbackIsA404WithoutAnApiKey() {
        // no mediajobs.callbacks.public-base-url here: nothing verifies, and it looks like any unknown resource
        ApiClient.Response callback = api.post("/v1/callbacks/" + UUID.randomUUID() + "/some-token", null, "{}");
        assertThat(callback.status()).isEqualTo(404);
        assertThat(callback.header("WWW-Authenticate")).isNull();
        assertProblem(callback, "not_found", null);
    }

    @Test
    @Order(7)
    void unknownRoutesAndWrongMethodsAreProblemsToo() {
        ApiClient.Response unknown = api.get("/v1/no-such-route", KEY_A);
        assertThat(unknown.status()).isEqualTo(404);
        assertProblem(unknown, "not_found", null);

        ApiClient.Response wrongMethod = api.send("DELETE", "/v1/jobs", KEY_A, null, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertProblem(wrongMethod, "method_not_allowed", null);
        assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");

        // problems are problem+json whatever the client said it accepts
        ApiClient.Response jsonOnly = api.send("GET", "/v1/jobs/" + UUID.randomUUID(), KEY_A, null, null, "Accept", "application/json");
        assertThat(jsonOnly.status()).isEqualTo(404);
        assertProblem(jsonOnly, "not_found", null);
        ApiClient.Response xml = api.send("GET", "/v1/jobs", KEY_A, null, null, "Accept", "application/xml");
        assertThat(xml.status()).isEqualTo(406);
        assertProblem(xml, "not_acceptable", null);
    }

    @Test
    @Order(8)
    void providersDescribeWhatTheyOffer() {
        ApiClient.Response r = api.get("/v1/providers", KEY_B);
        assertThat(r.status()).isEqualTo(200);
        JsonNode simulator = null;
        for (JsonNode p : r.json().get("items")) {
            if (p.get("id").asString().equals("simulator")) {
                simulator = p;
            }
        }
        assertThat(simulator).isNotNull();
        assertThat(simulator.get("configured").asBoolean()).isTrue();
        assertThat(simulator.get("displayName").asString()).isNotBlank();
        List<String> operations = new ArrayList<>();
        simulator.get("operations").forEach(o -> operations.add(o.asString()));
        assertThat(operations).contains("text-to-image");
        assertThat(simulator.get("models").size()).isPositive();
        assertThat(simulator.get("defaultPollIntervalMillis").asLong()).isPositive();
        assertThat(simulator.has("supportsCancel")).isTrue();
    }

    // ---------------------------------------------------------------- cancel

    @Test
    @Order(9)
    void cancelPublishesACancelRequestAndATerminalJobCannotBeCanceled() {
        String id = submit(KEY_A, VALID_BODY).get("id").asString();

        ApiClient.Response cancel = api.post("/v1/jobs/" + id + "/cancel", KEY_A, null);
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().get("cancelRequested").asBoolean()).isTrue();
        assertThat(cancel.json().get("state").asString()).isEqualTo("queued");
        List<JobRequest> requests = recordsFor(REQUESTS, id).stream()
                .map(r -> JsonCodec.fromJson(r.value(), JobRequest.class)).toList();
        assertThat(requests).extracting(JobRequest::type).containsExactly(JobRequest.SUBMIT, JobRequest.CANCEL);
        assertThat(requests.get(1).tenant()).isEqualTo("tenant-a");
        assertThat(redis.exists(RedisKeys.cancelRequested(id))).isTrue();
        assertThat(api.get("/v1/jobs/" + id, KEY_A).json().get("cancelRequested").asBoolean()).isTrue();

        Job failed = fetchSnapshot(id).transitionTo(JobState.FAILED, Instant.now());
        topics.publish(EVENTS, id, JsonCodec.toJson(JobEvent.of(failed, "dispatcher-service", Instant.now())));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get("/v1/jobs/" + id, KEY_A).json().get("state").asString()).isEqualTo("failed"));
        long before = topics.count(REQUESTS);
        ApiClient.Response late = api.post("/v1/jobs/" + id + "/cancel", KEY_A, null);
        assertThat(late.status()).isEqualTo(409);
        assertProblem(late, "job_already_terminal", null);
        assertThat(topics.count(REQUESTS)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- assets, webhooks

    @Test
    @Order(10)
    void storedAssetsGetPresignedDownloadUrls() {
        Job job = succeededJob("tenant-a", null);
        topics.publish(EVENTS, job.id(), JsonCodec.toJson(JobEvent.of(job, "storage-service", Instant.now())));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get("/v1/jobs/" + job.id(), KEY_A).status()).isEqualTo(200));
        JsonNode body = api.get("/v1/jobs/" + job.id(), KEY_A).json();
        assertThat(body.get("state").asString()).isEqualTo("succeeded");
        JsonNode asset = body.get("assets").get(0);
        assertThat(asset.get("sha256").asString()).isEqualTo("ab".repeat(32));
        assertThat(asset.get("downloadUrl").asString())
                .startsWith("http://127.0.0.1:9/mediajobs-assets/tenants/tenant-a/jobs/" + job.id() + "/assets/0.png?")
                .contains("X-Amz-Signature=").contains("X-Amz-Expires=3600");
        assertNoInternals(body);
    }

    // ---------------------------------------------------------------- Redis loss (last: it wipes Redis)

    @Test
    @Order(100)
    void theViewAndIdempotencyAreRebuiltFromKafkaAfterRedisIsWiped() {
        String key = "rebuild-" + UUID.randomUUID();
        ApiClient.Response before = api.post("/v1/jobs", KEY_A, VALID_BODY, "Idempotency-Key", key);
        String submittedId = before.json().get("id").asString();
        // a snapshot only on the state topic (as if its events were consumed long ago): the view does not know it yet
        Job onlyInState = succeededJob("tenant-b", null);
        topics.publish(STATE, onlyInState.id(), JsonCodec.toJson(onlyInState));
        assertThat(api.get("/v1/jobs/" + onlyInState.id(), KEY_B).status()).isEqualTo(404);

        TestRedis.flushAll();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(api.get("/v1/jobs/" + onlyInState.id(), KEY_B).status()).isEqualTo(200);
            assertThat(api.get("/v1/jobs/" + submittedId, KEY_A).status()).isEqualTo(200);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.exists(RedisKeys.VIEW_READY));
        assertThat(idsOf(api.get("/v1/jobs?limit=100", KEY_B).json())).contains(onlyInState.id());
        assertThat(api.get("/v1/jobs/" + onlyInState.id(), KEY_A).status()).isEqualTo(404);

        // the claim of the key is gone with Redis, but the rebuilt view still names the job
        long requests = topics.count(REQUESTS);
        ApiClient.Response replay = api.post("/v1/jobs", KEY_A, VALID_BODY, "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id").asString()).isEqualTo(submittedId);
        ApiClient.Response conflict = api.post("/v1/jobs", KEY_A, VALID_BODY.replace("dawn", "noon"), "Idempotency-Key", key);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(topics.count(REQUESTS)).isEqualTo(requests);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode submit(String apiKey, String body) {
        ApiClient.Response r = api.post("/v1/jobs", apiKey, body);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json();
    }

    private static void assertProblem(ApiClient.Response r, String code, String field) {
        assertThat(r.contentType()).as(r.text()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("code").asString()).as(r.text()).isEqualTo(code);
        assertThat(p.get("type").asString()).isEqualTo("https://mediajobs.dev/problems/" + code);
        assertThat(p.get("status").asInt()).isEqualTo(r.status());
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.get("errors").isArray()).isTrue();
        if (field != null) {
            assertThat(p.get("field").asString()).as(r.text()).isEqualTo(field);
        }
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("at dev.mediajobs").doesNotContain(KEY_A);
    }

    private static void assertNoInternals(JsonNode job) {
        assertThat(job.has("requestHash")).isFalse();
        assertThat(job.has("providerKeyId")).isFalse();
        assertThat(job.has("tenant")).isFalse();
        assertThat(job.has("idempotencyKey")).isFalse();
        assertThat(job.has("providerAssets")).isFalse();
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(j -> ids.add(j.get("id").asString()));
        return ids;
    }

    private static List<ConsumerRecord<String, String>> recordsFor(String topic, String jobId) {
        return topics.readAll(topic).stream().filter(r -> jobId.equals(r.key())).toList();
    }

    private static <T> T onlyRecordFor(String topic, String jobId, Class<T> type) {
        List<ConsumerRecord<String, String>> records = recordsFor(topic, jobId);
        assertThat(records).as("records for " + jobId + " on " + topic).hasSize(1);
        return JsonCodec.fromJson(records.get(0).value(), type);
    }

    /** The latest snapshot of a job as published on the state topic. */
    private static Job fetchSnapshot(String jobId) {
        List<ConsumerRecord<String, String>> records = recordsFor(STATE, jobId);
        assertThat(records).isNotEmpty();
        return JsonCodec.fromJson(records.get(records.size() - 1).value(), Job.class);
    }

    private static Job succeededJob(String tenant, String webhookUrl) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return Job.builder().id(id).tenant(tenant).version(5).state(JobState.SUCCEEDED).provider("simulator")
                .operation(Operation.TEXT_TO_IMAGE).input(JobInput.ofPrompt("a cat")).webhookUrl(webhookUrl)
                .requestHash("f".repeat(64)).providerKeyId("default").providerTaskId("task-1")
                .assets(List.of(new StoredAsset(0, "mediajobs-assets", "tenants/" + tenant + "/jobs/" + id + "/assets/0.png",
                        "image/png", 1234, "ab".repeat(32), null)))
                .createdAt(now.minusSeconds(30)).updatedAt(now).submittedAt(now.minusSeconds(29)).completedAt(now)
                .build();
    }

    private static org.assertj.core.data.TemporalUnitOffset within(long seconds) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(seconds, ChronoUnit.SECONDS);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
