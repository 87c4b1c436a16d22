package dev.mediajobs.api.webhooks;

import dev.mediajobs.api.ApiServiceApplication;
import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The api-service as the webhook tests run it: on the real Kafka and Redis of the test infrastructure, with topics and
 * Redis keys of its own (so that test classes never see each other's deliveries), calls to 127.0.0.1 allowed, and a
 * scaled retry schedule. Also what the tests do from outside: publish job events as the other services would, read
 * topics, call the REST API.
 */
final class WebhookTestService implements AutoCloseable {

    static final String KEY_A = "webhook-test-key-a-" + UUID.randomUUID();
    static final String KEY_B = "webhook-test-key-b-" + UUID.randomUUID();

    final String suffix;
    final String eventsTopic;
    final String stateTopic;
    final String endpointsTopic;
    final String deliveriesTopic;
    final String deadLettersTopic;
    private final Map<String, Object> properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaProducer<String, String> producer;
    private ConfigurableApplicationContext context;
    private int port;

    /** Settings for a service; {@link #start} starts it, and again after {@link #stop} (a restart). */
    WebhookTestService(double scheduleScale, List<String> tenantASecrets) {
        suffix = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
        eventsTopic = "test.events." + suffix;
        stateTopic = "test.state." + suffix;
        endpointsTopic = "test.webhook-endpoints." + suffix;
        deliveriesTopic = "test.webhook-deliveries." + suffix;
        deadLettersTopic = "test.webhook-dead-letters." + suffix;
        Map<String, Object> p = new LinkedHashMap<>(TestInfrastructure.kafkaAndRedis());
        p.putAll(TestInfrastructure.isolatedTopics(suffix));
        p.put("server.port", 0);
        p.put("spring.main.banner-mode", "off");
        p.put("mediajobs.api.tenants.tenant-a.key-sha256", Hashing.sha256Hex(KEY_A));
        p.put("mediajobs.api.tenants.tenant-a.webhook-secret", String.join(",", tenantASecrets));
        p.put("mediajobs.api.tenants.tenant-b.key-sha256", Hashing.sha256Hex(KEY_B));
        p.put("mediajobs.api.view-rebuild-check-interval", "200ms");
        p.put("mediajobs.outbound.allow-list", "127.0.0.1");
        p.put("mediajobs.webhooks.schedule-scale", scheduleScale);
        p.put("mediajobs.webhooks.tick", "20ms");
        p.put("mediajobs.webhooks.rebuild-check-interval", "200ms");
        p.put("mediajobs.webhooks.redis-key-prefix", "test:" + suffix + ":webhooks:");
        p.put("mediajobs.webhooks.topics.endpoints", endpointsTopic);
        p.put("mediajobs.webhooks.topics.deliveries", deliveriesTopic);
        p.put("mediajobs.webhooks.topics.dead-letters", deadLettersTopic);
        p.put("mediajobs.providers.simulator.api-key", "simulator-test-key");
        // presigning is computed locally: an endpoint is needed, a running S3 is not
        p.put("mediajobs.s3.endpoint", "http://127.0.0.1:9");
        p.put("mediajobs.s3.access-key", "test-access");
        p.put("mediajobs.s3.secret-key", "test-secret");
        this.properties = p;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    WebhookTestService start() {
        // command-line arguments outrank api-service.yml (server.port 8080)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = ApiServiceApplication.builder().run(args);
        port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return this;
    }

    /** Closes the Spring context, as a shutdown of the service would. */
    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        stop();
        producer.close();
    }

    // ------------------------------------------------------------------ jobs and events

    static Job job(String tenant, JobState state, long version, String webhookUrl, Map<String, Object> options) {
        Instant now = Instant.now();
        return Job.builder().id(UUID.randomUUID().toString()).tenant(tenant).version(version).state(state)
                .provider("simulator").operation(Operation.TEXT_TO_IMAGE).input(JobInput.ofPrompt("a cat"))
                .options(options).webhookUrl(webhookUrl).requestHash("f".repeat(64)).createdAt(now.minusSeconds(30))
                .updatedAt(now).completedAt(state.isTerminal() ? now : null).build();
    }

    /** Publishes a transition as the services do: the event to the events topic, the snapshot to the state topic. */
    JobEvent publish(Job job) {
        JobEvent event = JobEvent.of(job, "test", Instant.now());
        send(eventsTopic, job.id(), JsonCodec.toJson(event));
        send(stateTopic, job.id(), JsonCodec.toJson(job));
        return event;
    }

    /** The job moved on to {@code state} (version one higher). */
    static Job next(Job job, JobState state) {
        return job.toBuilder().state(state).version(job.version() + 1).updatedAt(Instant.now())
                .completedAt(state.isTerminal() ? Instant.now() : null).build();
    }

    void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** Every record now on {@code topic}. */
    static List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "webhook-test-probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                }
            }
            return records;
        }
    }

    // ------------------------------------------------------------------ REST

    record Response(int status, String text, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return JsonCodec.mapper().readTree(text);
        }
    }

    Response call(String method, String path, String apiKey, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String apiKey) {
        return call("GET", path, apiKey, null);
    }

    Response post(String path, String apiKey, String json) {
        return call("POST", path, apiKey, json);
    }

    /** The job's deliveries as the API shows them (after the view knows the job). */
    JsonNode deliveries(String jobId, String apiKey) {
        Response r = get("/v1/jobs/" + jobId + "/deliveries", apiKey);
        if (r.status() != 200) {
            throw new AssertionError("GET deliveries of " + jobId + ": " + r.status() + " " + r.text());
        }
        return r.json().get("items");
    }
}
