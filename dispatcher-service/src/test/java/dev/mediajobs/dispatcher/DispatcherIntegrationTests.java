package dev.mediajobs.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The dispatcher-service as it runs: its real application context against the test JVM's Kafka and Redis and the
 * provider simulator over HTTP. Requests go in on the requests topic exactly as another backend would publish them;
 * the transitions are read back from the events topic.
 */
class DispatcherIntegrationTests {

    private static final String SUFFIX = "dispatcher-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String REQUESTS = "test.requests." + SUFFIX;
    private static final String EVENTS = "test.events." + SUFFIX;

    private static SimulatorServer simulator;
    private static ConfigurableApplicationContext app;
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static final List<JobEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey("it-key").build());
        Map<String, Object> properties = new LinkedHashMap<>(TestInfrastructure.kafkaAndRedis());
        properties.putAll(TestInfrastructure.isolatedTopics(SUFFIX));
        properties.put("server.port", 0);
        properties.put("mediajobs.providers.simulator.base-url", simulator.baseUrl());
        properties.put("mediajobs.providers.simulator.api-key", "it-key");
        properties.put("mediajobs.dispatcher.concurrency", 2);
        properties.put("mediajobs.dispatcher.max-limiter-wait", "1s"); // so that a test sees a record delivered again
        // command-line arguments, so that they win over dispatcher-service.yml
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = DispatcherServiceApplication.builder().run(args);

        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-events-" + SUFFIX,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(EVENTS));
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (app != null) {
            app.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void requestPublishedOnKafkaIsQueuedThenSubmittedOnceEvenWhenSentTwice() throws Exception {
        String tenant = "it-tenant";
        String requestId = "it-" + UUID.randomUUID();
        String jobId = JobIds.fromRequestId(tenant, requestId);
        JobRequest request = new JobRequest(JobRequest.SUBMIT, null, tenant, requestId, "simulator", null,
                "text-to-image", JobInput.ofPrompt("a paper boat on a pond"), Map.of(), null, null, null, null, null);
        // the tests share the simulator and the application: count what this one adds
        int tasksBefore = simulator.taskCount();
        long submitCallsBefore = submitCalls();
        double duplicatesBefore = counter("mediajobs.dispatcher.submits", "outcome", "duplicate");

        send(jobId, JsonCodec.toJson(request));

        List<JobEvent> jobEvents = awaitEvents(jobId, 2);
        assertThat(jobEvents).extracting(e -> e.job().state()).containsExactly(JobState.QUEUED, JobState.SUBMITTED);
        assertThat(jobEvents).extracting(JobEvent::id).containsExactly(jobId + ":1", jobId + ":2");
        assertThat(jobEvents.get(0).job().source()).isEqualTo(JobRequest.SOURCE_KAFKA);
        assertThat(jobEvents.get(1).emittedBy()).isEqualTo(DispatcherServiceApplication.NAME);
        assertThat(jobEvents.get(1).job().providerTaskId()).isNotBlank();
        assertThat(jobEvents.get(1).job().providerKeyId()).isEqualTo("default");
        assertThat(simulator.taskCount()).isEqualTo(tasksBefore + 1);

        send(jobId, JsonCodec.toJson(request)); // the same request again, e.g. a retrying producer

        Awaitility.await("the duplicate request to be handled").atMost(Duration.ofSeconds(20))
                .until(() -> counter("mediajobs.dispatcher.submits", "outcome", "duplicate") >= duplicatesBefore + 1);
        assertThat(submitCalls()).isEqualTo(submitCallsBefore + 1);
        assertThat(simulator.taskCount()).isEqualTo(tasksBefore + 1);
        // nothing was published for the duplicate: the events topic still holds two snapshots of the job
        assertThat(awaitEvents(jobId, 2)).hasSize(2);
    }

    @Test
    void invalidRequestPublishedOnKafkaIsQueuedThenFailedNamingTheField() throws Exception {
        String jobId = JobIds.random();
        String json = "{\"type\":\"submit\",\"jobId\":\"" + jobId + "\",\"tenant\":\"it-tenant\",\"provider\":\"simulator\","
                + "\"operation\":\"text-to-image\",\"input\":{}}";

        send(jobId, json);
        send("junk", "this is not JSON");

        List<JobEvent> jobEvents = awaitEvents(jobId, 2);
        assertThat(jobEvents).extracting(e -> e.job().state()).containsExactly(JobState.QUEUED, JobState.FAILED);
        assertThat(jobEvents.get(1).job().error().code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(jobEvents.get(1).job().error().message()).contains("input.prompt");
        Awaitility.await("the unreadable record to be counted").atMost(Duration.ofSeconds(20))
                .until(() -> counter("mediajobs.dispatcher.requests.rejected", "reason", "unreadable") >= 1);
    }

    @Test
    void aJobThatWaitsLongerThanOneDeliveryMayIsDeliveredAgainAndSubmittedWhenTheLimiterAllows() throws Exception {
        String jobId = JobIds.random();
        Awaitility.await("the listener to own its partitions").atMost(Duration.ofSeconds(60)).until(() ->
                app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream()
                        .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
        // the provider answered a 429 with Retry-After: 3 s, three times the longest one delivery may wait
        app.getBean(ProviderLimits.class).rateLimited(new LimitScope("simulator", "default"), Duration.ofSeconds(3));
        JobRequest request = new JobRequest(JobRequest.SUBMIT, jobId, "it-tenant", null, "simulator", null,
                "text-to-image", JobInput.ofPrompt("a kite over the dunes"), Map.of(), null, null, null, null, null);

        send(jobId, JsonCodec.toJson(request));

        // each delivery of a request from Kafka publishes the queued snapshot again (readers keep the newest version)
        List<JobEvent> jobEvents = awaitEvents(jobId, events -> events.stream()
                .anyMatch(e -> e.job().state() == JobState.SUBMITTED));
        assertThat(jobEvents).extracting(e -> e.job().state()).containsOnly(JobState.QUEUED, JobState.SUBMITTED);
        assertThat(counter("mediajobs.dispatcher.limiter.redeliveries", "provider", "simulator")).isGreaterThanOrEqualTo(1);
    }

    private static void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(REQUESTS, key, value)).get();
    }

    /** Reads the events topic until the job has {@code count} events, then returns them in order. */
    private static List<JobEvent> awaitEvents(String jobId, int count) {
        return awaitEvents(jobId, events -> events.size() >= count);
    }

    /** Reads the events topic until the job's events satisfy {@code enough}, then returns them in order. */
    private static List<JobEvent> awaitEvents(String jobId, java.util.function.Predicate<List<JobEvent>> enough) {
        Awaitility.await("events of job " + jobId).atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (consumer) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(JsonCodec.fromJson(record.value(), JobEvent.class));
                }
            }
            return enough.test(ofJob(jobId));
        });
        return ofJob(jobId);
    }

    private static List<JobEvent> ofJob(String jobId) {
        return events.stream().filter(e -> e.job().id().equals(jobId)).toList();
    }

    private static double counter(String name, String tag, String value) {
        Counter counter = app.getBean(MeterRegistry.class).find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long submitCalls() {
        Timer timer = app.getBean(MeterRegistry.class).find("mediajobs.dispatcher.submit.duration")
                .tag("provider", "simulator").timer();
        return timer == null ? 0 : timer.count();
    }
}
