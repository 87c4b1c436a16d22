package dev.mediajobs.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.poller.testing.EventsCollector;
import dev.mediajobs.poller.testing.TestJobs;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import redis.clients.jedis.UnifiedJedis;

/**
 * The poller-service as it runs: the real application context against the test JVM's Kafka and Redis and a real
 * simulator. Each test publishes a job's {@code submitted} snapshot the way the dispatcher does (events topic and state
 * topic) and watches the events topic for what the poller makes of it.
 */
class PollerIntegrationTests {

    private static final String API_KEY = "poller-it-key";
    private static final String TOPICS = "poller-it";
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(20);

    private static SimulatorServer simulator;
    private static ConfigurableApplicationContext context;
    private static EventsCollector events;
    private static SimulatorProviderAdapter adapter;
    private static KafkaTemplate<String, String> kafka;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(API_KEY).build());
        TestRedis.flushAll();
        Map<String, Object> properties = new LinkedHashMap<>(TestInfrastructure.kafkaAndRedis());
        properties.putAll(TestInfrastructure.isolatedTopics(TOPICS));
        properties.put("server.port", 0);
        properties.put("mediajobs.providers.simulator.base-url", simulator.baseUrl());
        properties.put("mediajobs.providers.simulator.api-key", API_KEY);
        properties.put("mediajobs.providers.simulator.poll-interval", "100ms");
        properties.put("mediajobs.providers.simulator.task-timeout", TASK_TIMEOUT.toSeconds() + "s");
        properties.put("mediajobs.poller.tick", "50ms");
        properties.put("mediajobs.poller.rebuild-check-interval", "300ms");
        context = PollerServiceApplication.builder()
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));

        for (MessageListenerContainer container : context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers()) {
            ContainerTestUtils.waitForAssignment(container, 4);
        }
        events = new EventsCollector("test.events." + TOPICS);
        kafka = context.getBean(KafkaTemplate.class);
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(simulator.baseUrl());
        adapter = new SimulatorProviderAdapter(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        if (events != null) {
            events.close();
        }
        if (context != null) {
            context.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aSubmittedTaskIsReportedRunningAndThenHandedToStorage() throws Exception {
        Job job = submitAtSimulator(Map.of("durationMs", 4_000), Instant.now());

        publishSubmitted(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.STORING));
        assertThat(events.statesOf(job.id())).containsExactly(JobState.SUBMITTED, JobState.RUNNING, JobState.STORING);
        JobEvent storing = events.last(job.id());
        assertThat(storing.emittedBy()).isEqualTo("poller-service");
        assertThat(storing.id()).isEqualTo(job.id() + ":" + (job.version() + 2));
        assertThat(storing.job().providerAssets()).singleElement().satisfies(asset -> {
            assertThat(asset.url()).startsWith(simulator.baseUrl());
            assertThat(asset.expectedSha256()).hasSize(64);
        });
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        assertThat(meters.get("mediajobs.poller.completions").tags("provider", "simulator", "via", "poll").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("mediajobs.poller.polls").tags("provider", "simulator", "outcome", "running").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("mediajobs.poller.schedule.lateness").timer().count()).isGreaterThan(0);
        assertThat(meters.get("mediajobs.poller.tasks.inflight").gauge().value()).isNotNaN();
    }

    @Test
    void aTaskTheProviderFailsEndsFailed() throws Exception {
        Job job = submitAtSimulator(Map.of("failOnPoll", true, "durationMs", 60_000), Instant.now());

        publishSubmitted(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.FAILED));
        JobEvent failed = events.last(job.id());
        assertThat(failed.type()).isEqualTo("job.failed");
        assertThat(failed.job().error().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
    }

    @Test
    void aTaskPastTheConfiguredTimeoutEndsTimedOut() throws Exception {
        Job job = submitAtSimulator(Map.of("durationMs", 600_000), Instant.now().minus(TASK_TIMEOUT).minusSeconds(5));

        publishSubmitted(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.TIMED_OUT));
        assertThat(events.last(job.id()).job().error().code()).isEqualTo(ErrorCodes.TIMED_OUT);
        assertThat(events.last(job.id()).job().error().message())
                .contains("20 s").contains("set by mediajobs.providers.simulator.task-timeout");
    }

    @Test
    void aCancelRequestEndsTheTaskCanceled() throws Exception {
        // queued at the simulator for its first 1.5 s, then running until well after the test
        Job job = submitAtSimulator(Map.of("durationMs", 15_000), Instant.now());
        publishSubmitted(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.RUNNING));

        context.getBean(CancelRequests.class).request(job.id());

        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.CANCELED));
        assertThat(events.statesOf(job.id())).containsExactly(JobState.SUBMITTED, JobState.RUNNING, JobState.CANCELED);
        assertThat(events.last(job.id()).job().error().code()).isEqualTo(ErrorCodes.CANCELED);
    }

    @Test
    void theOutputsOfASynchronousProviderGoToStorageAtOnce() {
        List<ProviderAsset> assets = List.of(new ProviderAsset("http://127.0.0.1:1/image.png", "image/png", null));
        Job job = TestJobs.submitted(TestJobs.newId(), "sync-1", Map.of(), Instant.now()).toBuilder().providerAssets(assets).build();

        publishSubmitted(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.STORING));
        assertThat(events.last(job.id()).job().providerAssets()).isEqualTo(assets);
    }

    @Test
    void aTaskStillCompletesAfterRedisWasWipedMidFlight() throws Exception {
        Job job = submitAtSimulator(Map.of("durationMs", 5_000), Instant.now());
        publishSubmitted(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.statesOf(job.id()).contains(JobState.RUNNING));

        TestRedis.flushAll();

        await().atMost(Duration.ofSeconds(25)).until(() -> events.statesOf(job.id()).contains(JobState.STORING));
        assertThat(events.statesOf(job.id())).containsExactly(JobState.SUBMITTED, JobState.RUNNING, JobState.STORING);
        UnifiedJedis redis = context.getBean(UnifiedJedis.class);
        assertThat(redis.get(RedisKeys.POLL_READY)).as("the schedule was rebuilt").startsWith("ready");
    }

    // ---- helpers

    /** Submits the task at the simulator the way the dispatcher does; returns the job's {@code submitted} snapshot. */
    private static Job submitAtSimulator(Map<String, Object> simulate, Instant submittedAt) throws Exception {
        String jobId = TestJobs.newId();
        Map<String, Object> options = Map.of("simulate", simulate);
        Job queued = TestJobs.queued(jobId, options, submittedAt);
        String taskId = adapter.submit(ProviderRequest.fromJob(queued), new ProviderCredentials("default", API_KEY)).taskId();
        return TestJobs.submitted(jobId, taskId, options, submittedAt);
    }

    /** What the dispatcher's JobEventPublisher writes: the event, and the snapshot on the compacted state topic. */
    private static void publishSubmitted(Job job) {
        try {
            kafka.send("test.events." + TOPICS, job.id(), JsonCodec.toJson(JobEvent.of(job, "dispatcher-service", Instant.now())))
                    .get(10, TimeUnit.SECONDS);
            kafka.send("test.state." + TOPICS, job.id(), JsonCodec.toJson(job)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the submitted snapshot of job " + job.id(), e);
        }
    }
}
