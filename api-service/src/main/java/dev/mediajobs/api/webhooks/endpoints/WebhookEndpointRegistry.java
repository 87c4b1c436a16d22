package dev.mediajobs.api.webhooks.endpoints;

import dev.mediajobs.api.webhooks.WebhookSigner;
import dev.mediajobs.common.JsonCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The tenant-wide endpoints. Kafka is the record (a compacted topic keyed by endpoint id); this instance keeps all of
 * them in memory, loaded from the topic at start-up and kept current by {@link EndpointTopicFollower}, which sees the
 * changes of every instance. A change made here is applied at once, so a tenant reads its own writes.
 *
 * <p>Each entry remembers the offset it came from: a record older than what is held (the follower catching up on a
 * change this instance already applied) is ignored, so a deleted endpoint never flickers back.
 */
public class WebhookEndpointRegistry {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpointRegistry.class);
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    /** An endpoint (null once deleted) and the offset of the record that said so. */
    private record Entry(WebhookEndpoint endpoint, long offset) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final Duration sendTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean loaded;

    public WebhookEndpointRegistry(KafkaTemplate<String, String> kafka, String topic, Duration sendTimeout, Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
    }

    /** Whether every endpoint that existed at start-up has been read. Until then nothing can be planned or listed. */
    public boolean isLoaded() {
        return loaded;
    }

    void markLoaded() {
        if (!loaded) {
            loaded = true;
            log.info("webhook endpoints loaded from {}: {} active", topic, entries.values().stream().filter(e -> e.endpoint() != null).count());
        }
    }

    /** Applies a record of the endpoints topic (value null: a tombstone) unless a newer one for the key is held. */
    void apply(String id, String value, long offset) {
        if (id == null) {
            return;
        }
        WebhookEndpoint endpoint = null;
        if (value != null) {
            try {
                endpoint = JsonCodec.fromJson(value, WebhookEndpoint.class);
            } catch (RuntimeException e) {
                log.error("skipping unreadable webhook endpoint {} at offset {} of {}", id, offset, topic);
                return;
            }
        }
        WebhookEndpoint update = endpoint;
        entries.compute(id, (key, held) -> held != null && held.offset() >= offset ? held : new Entry(update, offset));
    }

    /** Registers a new endpoint with a new secret (returned here, and never again by the API). */
    public WebhookEndpoint register(String tenant, String url, List<String> events, String description) {
        WebhookEndpoint endpoint = new WebhookEndpoint(newId(), tenant, url, events, description,
                WebhookSigner.generateSecret(), clock.instant(), false, null, null);
        publish(endpoint.id(), endpoint);
        log.info("tenant {}: webhook endpoint {} registered for {}", tenant, endpoint.id(), events);
        return endpoint;
    }

    public Optional<WebhookEndpoint> find(String id) {
        Entry entry = id == null ? null : entries.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.endpoint());
    }

    /** A tenant's endpoints, oldest first. */
    public List<WebhookEndpoint> forTenant(String tenant) {
        return entries.values().stream()
                .map(Entry::endpoint)
                .filter(e -> e != null && tenant.equals(e.tenant()))
                .sorted(Comparator.comparing(WebhookEndpoint::createdAt).thenComparing(WebhookEndpoint::id))
                .toList();
    }

    /** @return false when the tenant has no such endpoint */
    public boolean delete(String tenant, String id) {
        Optional<WebhookEndpoint> endpoint = find(id).filter(e -> tenant.equals(e.tenant()));
        if (endpoint.isEmpty()) {
            return false;
        }
        publish(id, null);
        log.info("tenant {}: webhook endpoint {} deleted", tenant, id);
        return true;
    }

    /** Stops deliveries to an endpoint (its receiver answered 410 Gone); a deleted endpoint stays deleted. */
    public void disable(String id, String reason) {
        Optional<WebhookEndpoint> endpoint = find(id);
        if (endpoint.isEmpty() || endpoint.get().disabled()) {
            return;
        }
        publish(id, endpoint.get().disable(reason, clock.instant()));
        log.warn("tenant {}: webhook endpoint {} disabled: {}", endpoint.get().tenant(), id, reason);
    }

    private void publish(String id, WebhookEndpoint endpoint) {
        String value = endpoint == null ? null : JsonCodec.toJson(endpoint);
        RecordMetadata written;
        try {
            written = kafka.send(topic, id, value).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointStoreException(id, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EndpointStoreException(id, e);
        }
        apply(id, value, written.offset());
    }

    private String newId() {
        StringBuilder id = new StringBuilder("ep_");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /** Kafka did not acknowledge an endpoint change; it did not happen. */
    public static class EndpointStoreException extends RuntimeException {
        EndpointStoreException(String id, Throwable cause) {
            super("could not store webhook endpoint " + id + "; is Kafka reachable?", cause);
        }
    }
}
