package dev.mediajobs.api.webhooks;

import static dev.mediajobs.api.webhooks.WebhookTestService.KEY_A;
import static dev.mediajobs.api.webhooks.WebhookTestService.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.api.webhooks.TestReceiver.Answer;
import dev.mediajobs.api.webhooks.TestReceiver.Request;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.testing.FreePorts;
import dev.mediajobs.support.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Pending deliveries survive what a deployment goes through: a restart of the api-service (the Spring context closed
 * and a new one started on the same Kafka and Redis) and the loss of Redis (rebuilt from the compacted deliveries
 * topic). The retry schedule is scaled by {@value #SCALE}: about a minute for the whole day of retries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookDurabilityIntegrationTests {

    private static final double SCALE = 0.0002;
    private static final String SECRET = WebhookSigner.generateSecret();

    private static WebhookTestService service;

    @BeforeAll
    static void start() {
        service = new WebhookTestService(SCALE, List.of(SECRET)).start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void aReceiverThatStaysDownAcrossARestartStillGetsItsDeliveryAfterwards() {
        int port = FreePorts.next(); // nothing listens there yet: every attempt is refused
        Job job = job("tenant-a", JobState.SUCCEEDED, 5, "http://127.0.0.1:" + port + "/hooks", Map.of());
        JobEvent event = service.publish(job);
        String deliveryId = job.id() + ":succeeded:job";
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(service.deliveries(job.id(), KEY_A).get(0).get("attemptCount").asInt()).isGreaterThanOrEqualTo(1));

        service.stop();
        int attemptsBeforeRestart = latestRecorded(deliveryId).get("attemptCount").asInt();
        service.start();

        // the new instance carries the pending delivery on: another refused attempt while the receiver is still down
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(service.deliveries(job.id(), KEY_A).get(0).get("attemptCount").asInt())
                        .isGreaterThan(attemptsBeforeRestart));
        try (TestReceiver receiver = new TestReceiver(List.of(SECRET), port)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.requests().isEmpty());
            Request got = receiver.requests().get(0);
            assertThat(got.webhookId()).isEqualTo(event.id());
            assertThat(got.verified()).isTrue();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                JsonNode delivery = service.deliveries(job.id(), KEY_A).get(0);
                assertThat(delivery.get("status").asString()).isEqualTo("delivered");
                JsonNode attempts = delivery.get("attempts");
                assertThat(attempts.size()).isGreaterThan(attemptsBeforeRestart + 1);
                for (int i = 0; i < attempts.size(); i++) {
                    assertThat(attempts.get(i).get("number").asInt()).isEqualTo(i + 1);
                    assertThat(attempts.get(i).get("outcome").asString())
                            .isEqualTo(i == attempts.size() - 1 ? "success" : "network_error");
                }
            });
        }
    }

    @Test
    @Order(2)
    void aPendingDeliveryStillHappensAfterRedisIsWipedMidRetry() {
        AtomicBoolean down = new AtomicBoolean(true);
        try (TestReceiver receiver = new TestReceiver(List.of(SECRET))) {
            // "come back in 3 s": the next attempt is due then, well after the wipe
            receiver.answer(r -> down.get() ? new Answer(503, Map.of("Retry-After", "3")) : Answer.of(204));
            Job job = job("tenant-a", JobState.FAILED, 4, receiver.url("/flaky"), Map.of());
            JobEvent event = service.publish(job);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(service.deliveries(job.id(), KEY_A).get(0).get("attemptCount").asInt()).isEqualTo(1));

            TestRedis.flushAll();
            down.set(false);

            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() >= 2);
            List<Request> got = receiver.requests();
            assertThat(got).extracting(Request::webhookId).containsOnly(event.id());
            assertThat(Duration.ofNanos(got.get(1).receivedNanos() - got.get(0).receivedNanos()))
                    .as("Retry-After honoured: never earlier").isGreaterThanOrEqualTo(Duration.ofMillis(2_990));
            // the attempt made before the wipe is still recorded: the delivery came back from the deliveries topic
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                JsonNode delivery = service.deliveries(job.id(), KEY_A).get(0);
                assertThat(delivery.get("status").asString()).isEqualTo("delivered");
                assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(503);
                assertThat(delivery.get("attempts").get(1).get("statusCode").asInt()).isEqualTo(204);
            });
        }
    }

    /** The delivery as the compacted deliveries topic last recorded it. */
    private static JsonNode latestRecorded(String deliveryId) {
        List<ConsumerRecord<String, String>> records = WebhookTestService.readAll(service.deliveriesTopic).stream()
                .filter(r -> deliveryId.equals(r.key())).toList();
        assertThat(records).isNotEmpty();
        return JsonCodec.mapper().readTree(records.get(records.size() - 1).value());
    }
}
