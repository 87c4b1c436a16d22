package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.providers.kie.KieWireFake;
import dev.mediajobs.providers.runware.RunwareWireFake;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;

/**
 * A provider's callback completes a job without waiting for the next poll. Runware and Kie are polled only every ten
 * minutes here, so a job can succeed within a minute only if the callback made its poll due at once: the fake ends
 * the task, POSTs to the callback URL the dispatcher handed it, the api-service verifies the token and nudges the
 * task, a poller polls it (once) and storage archives the result.
 *
 * <p>Providers reach the api-service at its public address, which has to be known before the services start (the
 * dispatcher puts it into every callback URL). As in a deployment, a small gateway owns that address and forwards to
 * the api-service, wherever it ended up listening.
 */
class CallbackEndToEndIntegrationTests {

    private static final String TENANT_KEY = "mj_test_callbacks_" + UUID.randomUUID();
    /** Far longer than the test may take: only a callback can bring the poll forward in time. */
    private static final String POLL_INTERVAL = "10m";
    private static final Duration WELL_BEFORE_THE_NEXT_POLL = Duration.ofSeconds(60);

    private static RunwareWireFake runware;
    private static KieWireFake kie;
    private static PublicGateway gateway;
    private static MediajobsStack stack;
    private static MediajobsApi api;
    private static UnifiedJedis redis;

    @BeforeAll
    static void start() {
        runware = RunwareWireFake.start("runware-" + UUID.randomUUID());
        kie = KieWireFake.start("kie-" + UUID.randomUUID());
        gateway = PublicGateway.start();

        Map<String, Object> props = new LinkedHashMap<>(TestInfrastructure.isolatedTopics("callbacks-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", "callbacks-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(TENANT_KEY));
        props.put("mediajobs.callbacks.public-base-url", gateway.url());
        props.put("mediajobs.callbacks.secret", "e2e-callback-secret-" + UUID.randomUUID());
        configure(props, "runware", runware.baseUrl(), runware.apiKey());
        configure(props, "kie", kie.baseUrl(), kie.apiKey());
        stack = new MediajobsStack(props).start();
        gateway.forwardTo(stack.baseUrl(Service.API));
        api = new MediajobsApi(stack.baseUrl(Service.API), TENANT_KEY);
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    private static void configure(Map<String, Object> props, String provider, String baseUrl, String apiKey) {
        props.put("mediajobs.providers." + provider + ".base-url", baseUrl);
        props.put("mediajobs.providers." + provider + ".api-key", apiKey);
        props.put("mediajobs.providers." + provider + ".poll-interval", POLL_INTERVAL);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {stack, gateway, runware, kie, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the JVM ends anyway
            }
        }
    }

    @Test
    void aRunwareCallbackCompletesTheJobWithOnePollInsteadOfWaitingTenMinutes() throws Exception {
        String jobId = api.submit(job("runware", "klingai:5@3", Map.of("prompt", "a heron lands on a jetty",
                "durationSeconds", 5, "aspectRatio", "16:9")));
        String taskId = awaitScheduledForItsNextPoll(jobId);
        JsonNode sent = runware.receivedTasks().stream()
                .filter(t -> "videoInference".equals(t.path("taskType").asString("")) && taskId.equals(t.path("taskUUID").asString("")))
                .findFirst().orElseThrow();
        String callbackUrl = sent.path("webhookURL").asString("");
        assertThat(callbackUrl).as("the dispatcher hands Runware the job's callback URL")
                .startsWith(gateway.url() + "/v1/callbacks/" + jobId + "/");
        assertThat(runware.statusRequestsOf(taskId)).as("not polled before the callback").isZero();

        assertThat(runware.complete(taskId)).isTrue();

        JsonNode done = awaitSucceeded(jobId);
        MediajobsApi.downloadVerified(done);
        assertThat(runware.statusRequestsOf(taskId)).as("exactly the poll the callback asked for").isEqualTo(1);
        assertThat(runware.callbackAttempts()).filteredOn(a -> a.url().equals(callbackUrl))
                .singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(count(Service.POLLER, "mediajobs.poller.completions", "provider", "runware", "via", "callback")).isEqualTo(1);
        assertThat(count(Service.API, "mediajobs.callbacks.received", "provider", "runware", "outcome", "accepted")).isEqualTo(1);
    }

    @Test
    void aKieCallbackCompletesTheJobToo() throws Exception {
        String jobId = api.submit(job("kie", "veo3_fast", Map.of("prompt", "a kite over dunes", "aspectRatio", "16:9")));
        String taskId = awaitScheduledForItsNextPoll(jobId);
        String callbackUrl = kie.bodiesAt("/api/v1/veo/generate").stream()
                .map(b -> b.path("callBackUrl").asString(""))
                .filter(url -> url.startsWith(gateway.url() + "/v1/callbacks/" + jobId + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("no submit of job " + jobId + " carried its callBackUrl"));
        assertThat(kie.statusRequestsOf(taskId)).isZero();

        assertThat(kie.complete(taskId)).isTrue();

        JsonNode done = awaitSucceeded(jobId);
        MediajobsApi.downloadVerified(done);
        assertThat(kie.statusRequestsOf(taskId)).isEqualTo(1);
        assertThat(kie.callbackAttempts()).filteredOn(a -> a.url().equals(callbackUrl))
                .singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(count(Service.POLLER, "mediajobs.poller.completions", "provider", "kie", "via", "callback")).isEqualTo(1);
    }

    /**
     * Waits until the job's task is at the provider and in the poll schedule, ten minutes out, and returns its
     * provider task id. Ending the task only then makes the test independent of how fast the poller tracks it.
     */
    private static String awaitScheduledForItsNextPoll(String jobId) {
        Awaitility.await("job " + jobId + " submitted and scheduled").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> redis.zscore(RedisKeys.POLL_DUE, jobId) != null);
        assertThat(redis.zscore(RedisKeys.POLL_DUE, jobId)).as("the next poll is minutes away")
                .isGreaterThan((double) System.currentTimeMillis() + Duration.ofMinutes(5).toMillis());
        JsonNode job = JsonCodec.mapper().readTree(get("/v1/jobs/" + jobId));
        assertThat(job.path("state").asString()).isIn("submitted", "running");
        return job.path("providerTaskId").asString();
    }

    private static JsonNode awaitSucceeded(String jobId) {
        JsonNode done = api.awaitTerminal(List.of(jobId), WELL_BEFORE_THE_NEXT_POLL).get(jobId);
        assertThat(done.path("state").asString()).as("job %s: %s", jobId, done).isEqualTo("succeeded");
        return done;
    }

    private static double count(Service service, String name, String... tags) {
        Counter counter = stack.bean(service, MeterRegistry.class).find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String get(String path) {
        try {
            HttpResponse<String> r = api.get(path);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> job(String provider, String model, Map<String, Object> input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("model", model);
        body.put("operation", "text-to-video");
        body.put("input", input);
        return body;
    }

    /**
     * The api-service's public address, as a load balancer in front of it: it exists before the services start, so
     * the callback URLs can name it, and forwards every request to wherever the api-service listens.
     */
    static final class PublicGateway implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "public-gateway");
            thread.setDaemon(true);
            return thread;
        });
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private volatile String target;

        private PublicGateway(HttpServer server) {
            this.server = server;
        }

        static PublicGateway start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                PublicGateway gateway = new PublicGateway(server);
                server.createContext("/", gateway::forward);
                server.setExecutor(gateway.executor);
                server.start();
                return gateway;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void forwardTo(String baseUrl) {
            this.target = baseUrl;
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (target == null) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                        .timeout(Duration.ofSeconds(30))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                if (contentType != null) {
                    request.header("Content-Type", contentType);
                }
                HttpResponse<byte[]> answer;
                try {
                    answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                answer.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
                byte[] bytes = answer.body();
                exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
