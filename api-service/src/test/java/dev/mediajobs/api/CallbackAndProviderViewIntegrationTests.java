package dev.mediajobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;

/**
 * The provider callback endpoint and the operator's view of providers, on an api-service with callbacks on, against
 * the real Redis the pollers share: a callback with the right token makes the task's poll due at once, anything else
 * is a 404 that touches nothing; {@code GET /v1/providers} shows limits, callbacks, fallbacks and each key's state.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallbackAndProviderViewIntegrationTests {

    private static final String SUFFIX = "callbacks-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY = "test-key-" + UUID.randomUUID();
    private static final String PUBLIC_BASE_URL = "https://media.example.test";
    private static final long MAX_CALLBACK_BYTES = 1024 * 1024;

    private static ConfigurableApplicationContext context;
    private static ApiClient api;
    private static String baseUrl;
    private static UnifiedJedis redis;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        Map<String, Object> p = new LinkedHashMap<>(TestInfrastructure.kafkaAndRedis());
        p.putAll(TestInfrastructure.isolatedTopics(SUFFIX));
        p.put("server.port", 0);
        p.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(KEY));
        p.put("mediajobs.callbacks.public-base-url", PUBLIC_BASE_URL + "/");
        p.put("mediajobs.callbacks.secret", "callback-secret-" + UUID.randomUUID());
        // a pool of two simulator keys with a configured budget and a fallback; runware keeps its documented limits
        p.put("mediajobs.providers.simulator.api-key", "simulator-key-default");
        p.put("mediajobs.providers.simulator.api-keys.k2", "simulator-key-k2");
        p.put("mediajobs.providers.simulator.limits.requests-per-minute", 30);
        p.put("mediajobs.providers.simulator.fallbacks", "openai,runware");
        p.put("mediajobs.providers.runware.api-key", "runware-key");
        p.put("mediajobs.s3.endpoint", "http://127.0.0.1:9");
        p.put("mediajobs.s3.access-key", "test-access");
        p.put("mediajobs.s3.secret-key", "test-secret");
        p.put("spring.main.banner-mode", "off");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = ApiServiceApplication.builder().run(args);
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        api = new ApiClient(port);
        baseUrl = "http://127.0.0.1:" + port;
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    // ---------------------------------------------------------------- callbacks

    @Test
    void aCallbackWithTheJobsTokenMakesItsPollDueNowWithoutAnApiKey(CapturedOutput output) throws Exception {
        String jobId = UUID.randomUUID().toString();
        context.getBean(JobViewStore.class).apply(runningJob(jobId, "runware"));
        long dueInTenMinutes = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        redis.zadd(RedisKeys.POLL_DUE, dueInTenMinutes, jobId);
        double acceptedBefore = callbacks("runware", "accepted");

        String path = callbackPath(jobId);
        HttpResponse<String> r = post(path, HttpRequest.BodyPublishers.ofString(
                "{\"data\":[{\"taskUUID\":\"" + jobId + "\",\"status\":\"success\"}]}"), "Bearer not-a-key");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(json(r).get("received").asBoolean()).isTrue();
        assertThat(redis.zscore(RedisKeys.POLL_DUE, jobId)).as("due now, not in ten minutes")
                .isLessThanOrEqualTo((double) System.currentTimeMillis() + 1_000);
        assertThat(redis.exists(RedisKeys.pollNudge(jobId))).isTrue();
        assertThat(callbacks("runware", "accepted")).isEqualTo(acceptedBefore + 1);
        String token = path.substring(path.lastIndexOf('/') + 1);
        assertThat(output.getAll()).contains(jobId).doesNotContain(token);
    }

    @Test
    void aCallbackForATaskNotInTheScheduleIsStillReceivedAndLeavesTheFlagForThePoller() throws Exception {
        String jobId = UUID.randomUUID().toString();
        double before = callbacks("unknown", "unscheduled");

        HttpResponse<String> r = post(callbackPath(jobId), HttpRequest.BodyPublishers.noBody(), null);

        assertThat(r.statusCode()).as("providers retry anything but a 2xx").isEqualTo(200);
        assertThat(redis.zscore(RedisKeys.POLL_DUE, jobId)).isNull();
        assertThat(redis.exists(RedisKeys.pollNudge(jobId))).isTrue();
        assertThat(callbacks("unknown", "unscheduled")).isEqualTo(before + 1);
    }

    @Test
    void aWrongTokenIsA404ThatTouchesNothing() throws Exception {
        String jobId = UUID.randomUUID().toString();
        long due = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        redis.zadd(RedisKeys.POLL_DUE, due, jobId);
        String otherJobsPath = callbackPath(UUID.randomUUID().toString());
        String otherToken = otherJobsPath.substring(otherJobsPath.lastIndexOf('/') + 1);
        double rejectedBefore = callbacks("unknown", "rejected");

        for (String path : new String[] {
                "/v1/callbacks/" + jobId + "/" + otherToken,
                "/v1/callbacks/" + jobId + "/not-the-token",
                "/v1/callbacks/" + UUID.randomUUID() + "/" + otherToken}) {
            HttpResponse<String> r = post(path, HttpRequest.BodyPublishers.ofString("{}"), null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertNotFoundProblem(r);
            assertThat(r.body()).as("the problem's instance leaves the token out").doesNotContain(otherToken)
                    .contains("/v1/callbacks/");
        }
        ApiClient.Response get = api.get("/v1/callbacks/" + jobId + "/" + otherToken, null);
        assertThat(get.status()).as("only POST").isEqualTo(405);
        assertThat(get.text()).doesNotContain(otherToken);
        assertThat(redis.zscore(RedisKeys.POLL_DUE, jobId)).isEqualTo((double) due);
        assertThat(redis.exists(RedisKeys.pollNudge(jobId))).isFalse();
        assertThat(callbacks("unknown", "rejected")).isEqualTo(rejectedBefore + 3);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String jobId = UUID.randomUUID().toString();
        byte[] tooLarge = new byte[(int) MAX_CALLBACK_BYTES + 1];

        HttpResponse<String> declared = post(callbackPath(jobId), HttpRequest.BodyPublishers.ofByteArray(tooLarge), null);
        HttpResponse<String> chunked = post(callbackPath(jobId),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)), null);
        HttpResponse<String> atTheLimit = post(callbackPath(jobId),
                HttpRequest.BodyPublishers.ofByteArray(new byte[(int) MAX_CALLBACK_BYTES]), null);

        for (HttpResponse<String> r : List.of(declared, chunked)) {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(json(r).get("code").asString()).isEqualTo("payload_too_large");
        }
        assertThat(atTheLimit.statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- providers view

    @Test
    void providersShowTheirLimitsCallbacksFallbacksAndEachKeysState() {
        LimitScope k2 = new LimitScope("simulator", "k2");
        LimitScope defaultKey = new LimitScope("simulator", "default");
        new KeyBench(redis).bench(k2, Duration.ofMinutes(10), "credits: the provider answered 402");
        ProviderLimits limits = context.getBean(ProviderLimits.class);
        assertThat(limits.acquirePoll(defaultKey).granted()).isTrue();
        limits.rateLimited(defaultKey, Duration.ofSeconds(30));

        ApiClient.Response r = api.get("/v1/providers", KEY);
        assertThat(r.status()).isEqualTo(200);
        JsonNode simulator = provider(r, "simulator");
        JsonNode runware = provider(r, "runware");

        assertThat(simulator.get("limits").get("requestsPerMinute").asInt()).isEqualTo(30);
        assertThat(simulator.get("limits").get("maxConcurrentTasks").asInt()).isZero();
        assertThat(simulator.get("limits").get("maxRetainedTasks").asInt()).as("documented figures stay").isEqualTo(10_000);
        assertThat(simulator.get("limitSources").get("requestsPerMinute").asString()).isEqualTo("configured");
        assertThat(simulator.get("limitSources").get("maxConcurrentTasks").asString()).isEqualTo("unlimited");
        assertThat(simulator.get("callbacks").get("supported").asBoolean()).isFalse();
        assertThat(simulator.get("callbacks").get("enabled").asBoolean()).isFalse();
        assertThat(simulator.get("fallbacks").valueStream().map(JsonNode::asString)).containsExactly("openai", "runware");

        JsonNode keys = simulator.get("keys");
        assertThat(keys.valueStream().map(k -> k.get("name").asString())).containsExactly("default", "k2");
        JsonNode active = keys.get(0);
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertThat(active.has("reason")).isFalse();
        assertThat(active.get("requestsInWindow").asLong()).isEqualTo(1);
        assertThat(active.get("inFlight").asLong()).isZero();
        assertThat(active.get("retryAfterMillis").asLong()).isBetween(1L, 30_000L);
        JsonNode benched = keys.get(1);
        assertThat(benched.get("status").asString()).isEqualTo("benched");
        assertThat(benched.get("reason").asString()).isEqualTo("credits: the provider answered 402");
        assertThat(Instant.parse(benched.get("benchedUntil").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11)));
        assertThat(benched.get("retryAfterMillis").asLong()).isZero();
        assertThat(r.text()).doesNotContain("simulator-key-default").doesNotContain("simulator-key-k2")
                .doesNotContain("runware-key");

        assertThat(runware.get("limits").get("requestsPerMinute").asInt()).isEqualTo(60);
        assertThat(runware.get("limits").get("maxConcurrentTasks").asInt()).isEqualTo(10);
        assertThat(runware.get("limitSources").get("requestsPerMinute").asString()).isEqualTo("documented");
        assertThat(runware.get("limitSources").get("submitsPerMinute").asString()).isEqualTo("unlimited");
        assertThat(runware.get("callbacks").get("supported").asBoolean()).isTrue();
        assertThat(runware.get("callbacks").get("enabled").asBoolean()).isTrue();
        assertThat(runware.get("fallbacks").isEmpty()).isTrue();
        assertThat(runware.get("keys").valueStream().map(k -> k.get("name").asString())).containsExactly("default");
        assertThat(provider(r, "openai").get("keys").isEmpty()).as("no key configured").isTrue();

        new KeyBench(redis).restore(k2);
    }

    // ---------------------------------------------------------------- helpers

    private static String callbackPath(String jobId) {
        String url = context.getBean(CallbackTokens.class).callbackUrl(jobId).orElseThrow();
        assertThat(url).startsWith(PUBLIC_BASE_URL + "/v1/callbacks/" + jobId + "/");
        return url.substring(PUBLIC_BASE_URL.length());
    }

    private static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        return new ApiClient.Response(r.statusCode(), r.headers(), r.body()).json();
    }

    private static void assertNotFoundProblem(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonNode problem = json(r);
        assertThat(problem.get("code").asString()).isEqualTo("not_found");
        assertThat(problem.get("detail").asString()).isEqualTo("no such callback");
    }

    private static JsonNode provider(ApiClient.Response r, String id) {
        return r.json().get("items").valueStream().filter(p -> p.get("id").asString().equals(id)).findFirst().orElseThrow();
    }

    private static double callbacks(String provider, String outcome) {
        Counter counter = context.getBean(MeterRegistry.class).find("mediajobs.callbacks.received")
                .tags("provider", provider, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Job runningJob(String id, String provider) {
        Instant now = Instant.now();
        return Job.builder().id(id).tenant("acme").version(3).state(JobState.RUNNING).provider(provider)
                .operation(Operation.TEXT_TO_VIDEO).input(JobInput.ofPrompt("a heron")).requestHash("f".repeat(64))
                .providerKeyId("default").providerTaskId(id).createdAt(now.minusSeconds(30)).updatedAt(now)
                .submittedAt(now.minusSeconds(29)).build();
    }
}
