package dev.mediajobs.api.webhooks;

import static dev.mediajobs.api.webhooks.WebhookTestService.KEY_A;
import static dev.mediajobs.api.webhooks.WebhookTestService.KEY_B;
import static dev.mediajobs.api.webhooks.WebhookTestService.job;
import static dev.mediajobs.api.webhooks.WebhookTestService.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.api.webhooks.TestReceiver.Answer;
import dev.mediajobs.api.webhooks.TestReceiver.Request;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhook delivery end to end: job events published on the real Kafka of the test infrastructure as the other
 * services publish them, the api-service planning and delivering them (real Redis), and receivers that verify every
 * request with the Standard Webhooks reference library. The retry schedule is scaled by {@value #SCALE}, so its day of
 * retries passes in about 27 seconds.
 */
class WebhookDeliveryIntegrationTests {

    private static final double SCALE = 0.0001;
    /** The published schedule: the delay before attempts 2 to 10. */
    private static final List<Duration> PUBLISHED_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
            Duration.ofHours(20), Duration.ofHours(24));
    /** Tenant A is rotating its secret: both sign every webhook of its jobs. */
    private static final String OLD_SECRET = WebhookSigner.generateSecret();
    private static final String NEW_SECRET = WebhookSigner.generateSecret();

    private static WebhookTestService service;
    private static TestReceiver receiver;

    @BeforeAll
    static void start() {
        service = new WebhookTestService(SCALE, List.of(OLD_SECRET, NEW_SECRET)).start();
        receiver = new TestReceiver(List.of(OLD_SECRET, NEW_SECRET));
        // each test has its own path; deliveries of one test may still be retrying while the next runs
        receiver.answer(r -> switch (r.path()) {
            case "/down" -> Answer.of(500);
            case "/gone-job", "/gone-endpoint" -> Answer.of(410);
            case "/moved" -> new Answer(302, Map.of("Location", receiver.url("/landing")));
            default -> Answer.of(204);
        });
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void eachTerminalEventArrivesOnceSignedWithEverySecretOfTheRotation() {
        String url = receiver.url("/terminal");
        List<JobEvent> terminal = new ArrayList<>();
        for (JobState end : List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELED, JobState.TIMED_OUT)) {
            Job running = job("tenant-a", JobState.RUNNING, 3, url, Map.of());
            service.publish(running);
            terminal.add(service.publish(next(running, end)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/terminal").size() >= 4);
        // running events are not delivered to a job's URL by default: nothing more comes
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.requests("/terminal").size() == 4);

        List<Request> received = receiver.requests("/terminal");
        assertThat(received).allSatisfy(r -> {
            assertThat(r.verifiedBy()).as("verified by the reference library with the old and the new secret")
                    .containsExactly(true, true);
            assertThat(r.signature().split(" ")).hasSize(2);
            assertThat(r.webhookId()).isEqualTo(r.event().id());
        });
        assertThat(received).extracting(r -> r.event().type())
                .containsExactlyInAnyOrder("job.succeeded", "job.failed", "job.canceled", "job.timed_out");
        for (JobEvent event : terminal) {
            Request r = received.stream().filter(x -> x.webhookId().equals(event.id())).findFirst().orElseThrow();
            assertThat(r.body()).as("the events topic record, byte for byte").isEqualTo(JsonCodec.toJson(event));
        }
        String jobId = terminal.get(0).job().id();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode deliveries = service.deliveries(jobId, KEY_A);
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).get("status").asString()).isEqualTo("delivered");
        });
    }

    @Test
    void failedAttemptsFollowTheScaledScheduleWithOneWebhookIdUntilExhaustedAndDeadLettered() {
        Job failed = job("tenant-a", JobState.FAILED, 6, receiver.url("/down"), Map.of());
        JobEvent event = service.publish(failed);

        await().atMost(Duration.ofSeconds(120)).until(() -> receiver.requests("/down").size() >= 10);
        List<Request> attempts = receiver.requests("/down");
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.webhookId()).isEqualTo(event.id());
            assertThat(r.verified()).isTrue();
        });
        assertThat(attempts.stream().map(Request::timestamp).distinct().count()).as("a fresh timestamp per attempt")
                .isGreaterThan(1);
        for (int i = 1; i < 10; i++) {
            Duration gap = Duration.ofNanos(attempts.get(i).receivedNanos() - attempts.get(i - 1).receivedNanos());
            Duration expected = Duration.ofNanos((long) (PUBLISHED_DELAYS.get(i - 1).toNanos() * SCALE));
            // never earlier than the schedule (a millisecond for rounding); later only by claim ticks and load
            assertThat(gap).as("gap before attempt %d", i + 1)
                    .isGreaterThanOrEqualTo(expected.minusMillis(2))
                    .isLessThanOrEqualTo(expected.plus(expected.dividedBy(10)).plusMillis(1_500));
        }

        String deliveryId = failed.id() + ":failed:job";
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode delivery = service.deliveries(failed.id(), KEY_A).get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("exhausted");
            assertThat(delivery.get("attemptCount").asInt()).isEqualTo(10);
        });
        List<ConsumerRecord<String, String>> letters = WebhookTestService.readAll(service.deadLettersTopic).stream()
                .filter(r -> deliveryId.equals(r.key())).toList();
        assertThat(letters).hasSize(1);
        JsonNode letter = JsonCodec.mapper().readTree(letters.get(0).value());
        assertThat(letter.get("delivery").get("status").asString()).isEqualTo("exhausted");
        assertThat(letter.get("delivery").get("webhookId").asString()).isEqualTo(event.id());
        assertThat(letter.get("attempts")).hasSize(10);
        assertThat(letter.get("attempts").get(9).get("statusCode").asInt()).isEqualTo(500);
        assertThat(letter.get("event").get("id").asString()).isEqualTo(event.id());
        assertThat(letter.get("event").get("job").get("id").asString()).isEqualTo(failed.id());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.requests("/down").size() == 10);

        MeterRegistry meters = service.context().getBean(MeterRegistry.class);
        assertThat(meters.get("mediajobs.webhooks.attempts").tag("outcome", "http_error").counter().count())
                .isGreaterThanOrEqualTo(10);
        assertThat(meters.get("mediajobs.webhooks.exhausted").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("mediajobs.webhooks.pending").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void goneStopsAJobUrlAndDisablesATenantEndpoint() {
        Job first = job("tenant-a", JobState.SUCCEEDED, 5, receiver.url("/gone-job"), Map.of());
        service.publish(first);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/gone-job").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.requests("/gone-job").size() == 1);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode delivery = service.deliveries(first.id(), KEY_A).get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("disabled");
            assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(410);
            assertThat(delivery.get("attempts").get(0).get("outcome").asString()).isEqualTo("gone");
        });

        JsonNode endpoint = register(KEY_A, receiver.url("/gone-endpoint"), "[\"job.succeeded\"]");
        String endpointId = endpoint.get("id").asString();
        service.publish(job("tenant-a", JobState.SUCCEEDED, 5, null, Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/gone-endpoint").size() == 1);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode shown = service.get("/v1/webhook-endpoints/" + endpointId, KEY_A).json();
            assertThat(shown.get("disabled").asBoolean()).isTrue();
            assertThat(shown.get("disabledReason").asString()).contains("410");
        });
        List<ConsumerRecord<String, String>> records = WebhookTestService.readAll(service.endpointsTopic).stream()
                .filter(r -> endpointId.equals(r.key())).toList();
        assertThat(JsonCodec.mapper().readTree(records.get(records.size() - 1).value()).get("disabled").asBoolean())
                .as("the endpoints topic says so, for every instance and every restart").isTrue();

        Job later = job("tenant-a", JobState.SUCCEEDED, 5, null, Map.of());
        service.publish(later);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.get("/v1/jobs/" + later.id(), KEY_A).status() == 200);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.requests("/gone-endpoint").size() == 1);
        assertThat(service.deliveries(later.id(), KEY_A)).isEmpty();
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNeverFollowed() {
        Job job = job("tenant-a", JobState.SUCCEEDED, 5, receiver.url("/moved"), Map.of());
        service.publish(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/moved").size() >= 3);
        assertThat(receiver.requests("/landing")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode delivery = service.deliveries(job.id(), KEY_A).get(0);
            assertThat(delivery.get("attempts").size()).isGreaterThanOrEqualTo(3);
            assertThat(delivery.get("attempts")).allSatisfy(a -> {
                assertThat(a.get("statusCode").asInt()).isEqualTo(302);
                assertThat(a.get("outcome").asString()).isEqualTo("redirect");
            });
            assertThat(delivery.get("status").asString()).isIn("pending", "exhausted");
        });
    }

    @Test
    void deliveriesAreVisiblePerJobAndARedeliverSendsTheSameWebhookIdAgain() {
        Job job = job("tenant-a", JobState.SUCCEEDED, 5, receiver.url("/ok"), Map.of());
        JobEvent event = service.publish(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/ok").size() == 1);

        JsonNode deliveries = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> service.deliveries(job.id(), KEY_A),
                d -> d.size() == 1 && d.get(0).get("status").asString().equals("delivered"));
        JsonNode delivery = deliveries.get(0);
        String deliveryId = delivery.get("id").asString();
        assertThat(delivery.get("webhookId").asString()).isEqualTo(event.id());
        assertThat(delivery.get("eventType").asString()).isEqualTo("job.succeeded");
        assertThat(delivery.get("target").asString()).isEqualTo("job");
        assertThat(delivery.has("body")).isFalse();
        JsonNode attempt = delivery.get("attempts").get(0);
        assertThat(attempt.get("number").asInt()).isEqualTo(1);
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(204);
        assertThat(attempt.get("outcome").asString()).isEqualTo("success");
        assertThat(attempt.get("durationMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(attempt.get("at").asString()).isNotBlank();
        assertThat(attempt.get("manual").asBoolean()).isFalse();

        assertThat(service.get("/v1/jobs/" + job.id() + "/deliveries", KEY_B).status()).as("another tenant").isEqualTo(404);
        String redeliver = "/v1/jobs/" + job.id() + "/deliveries/" + deliveryId + "/redeliver";
        assertThat(service.post(redeliver, KEY_B, null).status()).isEqualTo(404);
        assertThat(service.post("/v1/jobs/" + job.id() + "/deliveries/" + job.id() + ":failed:job/redeliver", KEY_A, null)
                .status()).isEqualTo(404);

        WebhookTestService.Response accepted = service.post(redeliver, KEY_A, null);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/ok").size() == 2);
        Request again = receiver.requests("/ok").get(1);
        assertThat(again.webhookId()).isEqualTo(event.id());
        assertThat(again.verified()).isTrue();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode after = service.deliveries(job.id(), KEY_A).get(0);
            assertThat(after.get("attemptCount").asInt()).isEqualTo(2);
            assertThat(after.get("attempts").get(1).get("manual").asBoolean()).isTrue();
            assertThat(after.get("status").asString()).isEqualTo("delivered");
        });
    }

    @Test
    void tenantEndpointsGetTheirSubscribedEventsSignedWithTheirOwnSecret() {
        for (String hostile : List.of("http://10.1.2.3/hooks", "http://169.254.169.254/latest/meta-data",
                "ftp://127.0.0.1/x")) {
            WebhookTestService.Response refused = service.post("/v1/webhook-endpoints", KEY_A,
                    "{\"url\":\"" + hostile + "\"}");
            assertThat(refused.status()).as(hostile).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.json().get("field").asString()).isEqualTo("url");
        }
        assertThat(service.post("/v1/webhook-endpoints", KEY_A, "{\"events\":[\"job.running\"]}").json()
                .get("field").asString()).isEqualTo("url");

        // a receiver of its own, that knows only the endpoint's secret
        try (TestReceiver endpointReceiver = new TestReceiver(List.of())) {
            JsonNode created = register(KEY_A, endpointReceiver.url("/endpoint"), "[\"job.running\",\"job.succeeded\"]");
            String id = created.get("id").asString();
            String secret = created.get("secret").asString();
            assertThat(id).startsWith("ep_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
            endpointReceiver.trust(secret);
            JsonNode listed = service.get("/v1/webhook-endpoints", KEY_A).json().get("items");
            JsonNode mine = listed.valueStream().filter(e -> e.get("id").asString().equals(id)).findFirst().orElseThrow();
            assertThat(mine.has("secret")).as("the secret is shown once").isFalse();
            assertThat(mine.get("events").toString()).isEqualTo("[\"job.running\",\"job.succeeded\"]");
            assertThat(service.get("/v1/webhook-endpoints", KEY_B).json().get("items").toString()).doesNotContain(id);
            assertThat(service.get("/v1/webhook-endpoints/" + id, KEY_B).status()).isEqualTo(404);

            Job submitted = job("tenant-a", JobState.SUBMITTED, 2, null, Map.of());
            service.publish(submitted);
            Job running = next(submitted, JobState.RUNNING);
            JobEvent runningEvent = service.publish(running);
            // a progress report: the same state again, not a transition
            Job progress = running.toBuilder().version(running.version() + 1).progress(50).build();
            service.publish(progress);
            JobEvent succeeded = service.publish(next(next(progress, JobState.STORING), JobState.SUCCEEDED));
            service.publish(job("tenant-a", JobState.FAILED, 4, null, Map.of()));
            service.publish(job("tenant-b", JobState.RUNNING, 3, null, Map.of()));

            await().atMost(Duration.ofSeconds(20)).until(() -> endpointReceiver.requests().size() >= 2);
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> endpointReceiver.requests().size() == 2);
            List<Request> got = endpointReceiver.requests();
            assertThat(got).extracting(Request::webhookId).containsExactlyInAnyOrder(runningEvent.id(), succeeded.id());
            // signed with the endpoint's secret alone: the tenant's own secrets sign only its jobs' webhookUrls
            assertThat(got).allSatisfy(r -> {
                assertThat(r.verifiedBy()).containsExactly(true);
                assertThat(r.signature().split(" ")).hasSize(1);
            });

            assertThat(service.call("DELETE", "/v1/webhook-endpoints/" + id, KEY_B, null).status()).isEqualTo(404);
            assertThat(service.call("DELETE", "/v1/webhook-endpoints/" + id, KEY_A, null).status()).isEqualTo(204);
            assertThat(service.call("DELETE", "/v1/webhook-endpoints/" + id, KEY_A, null).status()).isEqualTo(404);
            assertThat(service.get("/v1/webhook-endpoints", KEY_A).json().get("items").toString()).doesNotContain(id);
            service.publish(job("tenant-a", JobState.RUNNING, 3, null, Map.of()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> endpointReceiver.requests().size() == 2);
        }
    }

    @Test
    void aJobsWebhookEventsOptionChoosesWhatItsUrlReceives() {
        Job submitted = job("tenant-a", JobState.SUBMITTED, 2, receiver.url("/chosen"),
                Map.of("webhookEvents", List.of("job.submitted", "job.running")));
        service.publish(submitted);
        Job running = next(submitted, JobState.RUNNING);
        service.publish(running);
        service.publish(next(next(running, JobState.STORING), JobState.SUCCEEDED));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/chosen").size() >= 2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.requests("/chosen").size() == 2);
        assertThat(receiver.requests("/chosen")).extracting(r -> r.event().type())
                .containsExactlyInAnyOrder("job.submitted", "job.running");
    }

    @Test
    void aJobUrlTheOutboundPolicyRefusesIsCheckedAtDeliveryAndNeverCalled() {
        // only 127.0.0.1 is allowed in these tests: 10.0.0.5 is a private address
        Job job = job("tenant-a", JobState.SUCCEEDED, 5, "http://10.0.0.5/hooks?token=secret-token", Map.of());
        service.publish(job);

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            JsonNode attempt = service.deliveries(job.id(), KEY_A).get(0).get("attempts").get(0);
            assertThat(attempt.get("outcome").asString()).isEqualTo("blocked");
            assertThat(attempt.has("statusCode")).isFalse();
            assertThat(attempt.get("error").asString()).contains("outbound policy").doesNotContain("secret-token");
        });
    }

    private static JsonNode register(String apiKey, String url, String eventsJson) {
        WebhookTestService.Response r = service.post("/v1/webhook-endpoints", apiKey,
                "{\"url\":\"" + url + "\",\"events\":" + eventsJson + ",\"description\":\"test\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/v1/webhook-endpoints/" + r.json().get("id").asString());
        return r.json();
    }
}
