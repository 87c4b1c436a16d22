package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.common.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The durable record of deliveries: every change of a {@link Delivery} goes to the compacted deliveries topic (keyed
 * by delivery id) before Redis is touched, and exhausted deliveries go to the dead-letter topic. Each write returns
 * only once the broker acknowledged it.
 */
public class DeliveryLog {

    /** Attempts a dead letter carries: the whole schedule. */
    static final int DEAD_LETTER_ATTEMPTS = 10;

    private final KafkaTemplate<String, String> kafka;
    private final String deliveriesTopic;
    private final String deadLettersTopic;
    private final Duration sendTimeout;

    public DeliveryLog(KafkaTemplate<String, String> kafka, String deliveriesTopic, String deadLettersTopic,
                       Duration sendTimeout) {
        this.kafka = kafka;
        this.deliveriesTopic = deliveriesTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.sendTimeout = sendTimeout;
    }

    public void record(Delivery delivery) {
        send(deliveriesTopic, delivery.id(), JsonCodec.toJson(delivery));
    }

    /** {@code {"delivery": {…}, "attempts": [the last ten], "event": {the event as delivered}}}, keyed by delivery id. */
    public void deadLetter(Delivery delivery, Instant exhaustedAt) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", delivery.id());
        summary.put("jobId", delivery.jobId());
        summary.put("tenant", delivery.tenant());
        summary.put("target", delivery.target());
        summary.put("url", delivery.url());
        summary.put("webhookId", delivery.eventId());
        summary.put("eventType", delivery.eventType());
        summary.put("status", delivery.status().wireName());
        summary.put("attemptCount", delivery.attemptCount());
        summary.put("lastError", delivery.lastError());
        summary.put("createdAt", delivery.createdAt());
        summary.put("exhaustedAt", exhaustedAt);
        List<DeliveryAttempt> attempts = delivery.attempts();
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("delivery", summary);
        letter.put("attempts", attempts.subList(Math.max(0, attempts.size() - DEAD_LETTER_ATTEMPTS), attempts.size()));
        letter.put("event", event(delivery.body()));
        send(deadLettersTopic, delivery.id(), JsonCodec.toJson(letter));
    }

    /** The event as JSON (not a string within JSON), so that consumers read it like any other event. */
    private static Object event(String body) {
        try {
            return JsonCodec.mapper().readTree(body);
        } catch (RuntimeException notJson) {
            return body;
        }
    }

    private void send(String topic, String key, String value) {
        try {
            kafka.send(topic, key, value).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryLogException(topic, key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeliveryLogException(topic, key, e);
        }
    }

    /** Kafka did not acknowledge a delivery record; nothing that depends on it may happen. */
    public static class DeliveryLogException extends RuntimeException {
        DeliveryLogException(String topic, String key, Throwable cause) {
            super("could not write " + key + " to " + topic + "; is Kafka reachable?", cause);
        }
    }
}
