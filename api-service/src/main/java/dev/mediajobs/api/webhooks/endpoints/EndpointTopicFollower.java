package dev.mediajobs.api.webhooks.endpoints;

import dev.mediajobs.api.webhooks.CompactedTopicReader;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the compacted endpoints topic from the beginning into the {@link WebhookEndpointRegistry}, marks the registry
 * loaded once it has caught up with the topic's end at start-up, then keeps following it, so every instance sees the
 * endpoints registered, disabled or deleted through any other. If Kafka is unreachable it keeps trying.
 */
public class EndpointTopicFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EndpointTopicFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final CompactedTopicReader reader;
    private final WebhookEndpointRegistry registry;
    private final String topic;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public EndpointTopicFollower(CompactedTopicReader reader, WebhookEndpointRegistry registry, String topic) {
        this.reader = reader;
        this.registry = registry;
        this.topic = topic;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("webhook-endpoints-follower").start(this::followSafely);
    }

    private void followSafely() {
        while (running) {
            try {
                follow();
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("could not read webhook endpoints from {} (retrying in {}): {}", topic, RETRY, e.toString());
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void follow() {
        try (KafkaConsumer<String, String> c = reader.newConsumer("webhook-endpoints")) {
            consumer = c;
            if (!running) {
                return;
            }
            Map<TopicPartition, Long> end = CompactedTopicReader.assignFromBeginning(c, topic);
            if (end.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (yet)");
            }
            while (running) {
                for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                    registry.apply(record.key(), record.value(), record.offset());
                }
                if (!registry.isLoaded() && CompactedTopicReader.reached(c, end)) {
                    registry.markLoaded();
                }
            }
        } finally {
            consumer = null;
        }
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
