package dev.mediajobs.api.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.api.webhooks.WebhookSigner;
import dev.mediajobs.providers.outbound.GuardedHttpClients;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt against a real HTTP server on 127.0.0.1, through the guarded client the service uses. */
class WebhookSenderTests {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private WebhookSender sender;
    private final WebhookSigner signer = WebhookSigner.fromSecret(WebhookSigner.generateSecret());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            switch (path) {
                case "/ok" -> exchange.sendResponseHeaders(202, -1);
                case "/moved" -> {
                    exchange.getResponseHeaders().set("Location", url("/elsewhere"));
                    exchange.sendResponseHeaders(301, -1);
                }
                case "/gone" -> exchange.sendResponseHeaders(410, -1);
                case "/busy" -> {
                    exchange.getResponseHeaders().set("Retry-After", "120");
                    exchange.sendResponseHeaders(429, -1);
                }
                case "/unavailable" -> {
                    exchange.getResponseHeaders().set("Retry-After", "7");
                    exchange.sendResponseHeaders(503, -1);
                }
                case "/broken" -> {
                    exchange.getResponseHeaders().set("Retry-After", "7");
                    exchange.sendResponseHeaders(500, -1);
                }
                case "/slow" -> {
                    try {
                        release.await(10, TimeUnit.SECONDS); // answers only after the client gave up
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        OutboundPolicy policy = OutboundPolicy.allowing(List.of("127.0.0.1"));
        sender = new WebhookSender(GuardedHttpClients.create(policy, TIMEOUT, TIMEOUT).newBuilder().callTimeout(TIMEOUT).build(),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private SendResult send(String path) {
        return sender.send(url(path), "job:1", "{}", signer);
    }

    @Test
    void aTwoHundredSomethingIsSuccess() {
        SendResult r = send("/ok");
        assertThat(r.outcome()).isEqualTo(AttemptOutcome.SUCCESS);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.error()).isNull();
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        SendResult r = send("/moved");
        assertThat(r.outcome()).isEqualTo(AttemptOutcome.REDIRECT);
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(hits).doesNotContainKey("/elsewhere");
    }

    @Test
    void goneAndRetryAfterAreRecognised() {
        assertThat(send("/gone").outcome()).isEqualTo(AttemptOutcome.GONE);
        assertThat(send("/busy").retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(send("/unavailable").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(send("/broken").retryAfter()).as("only 429 and 503 ask to wait").isNull();
        assertThat(send("/broken").outcome()).isEqualTo(AttemptOutcome.HTTP_ERROR);
    }

    @Test
    void noAnswerWithinTheTimeoutIsANetworkError() {
        SendResult r = send("/slow");
        assertThat(r.outcome()).isEqualTo(AttemptOutcome.NETWORK_ERROR);
        assertThat(r.statusCode()).isNull();
        assertThat(r.error()).contains("timeout");
    }

    @Test
    void aRefusedConnectionIsANetworkErrorThatDoesNotEchoTheQuery() {
        int port = server.getAddress().getPort();
        server.stop(0);
        SendResult r = sender.send("http://127.0.0.1:" + port + "/x?token=s3cr3t", "job:1", "{}", signer);
        assertThat(r.outcome()).isEqualTo(AttemptOutcome.NETWORK_ERROR);
        assertThat(r.error()).doesNotContain("s3cr3t");
    }

    @Test
    void anAddressTheOutboundPolicyRefusesIsNeverCalled() {
        WebhookSender strict = new WebhookSender(GuardedHttpClients.create(OutboundPolicy.strict(), TIMEOUT, TIMEOUT),
                Clock.systemUTC());
        SendResult r = strict.send(url("/ok"), "job:1", "{}", signer);
        assertThat(r.outcome()).isEqualTo(AttemptOutcome.BLOCKED);
        assertThat(r.error()).contains("outbound policy");
        assertThat(hits).doesNotContainKey("/ok");
        assertThat(sender.send("ftp://127.0.0.1/x", "job:1", "{}", signer).outcome()).isEqualTo(AttemptOutcome.BLOCKED);
    }
}
