package dev.mediajobs.poller.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.limits.TaskLimits;
import dev.mediajobs.poller.poll.ProviderTimings;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.poller.testing.TestJobs;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.support.kafka.StateTopicReader;
import dev.mediajobs.support.limits.LimitDecision;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestKafka;
import dev.mediajobs.support.testing.TestRedis;
import dev.mediajobs.support.testing.TestTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The rebuild after a Redis wipe against a real Kafka state topic and a real Redis: every task found in flight is
 * scheduled and holds its concurrency slot again before the schedule is marked ready, which is what lets submits to
 * a provider with a concurrency limit resume without overshooting it.
 */
class ScheduleRebuilderIntegrationTests {

    private final LimitScope scope = new LimitScope("simulator", "default");
    private TestTopics topics;
    private UnifiedJedis redis;
    private PollSchedule schedule;
    private ProviderRegistry registry;
    private ProviderLimits limits;
    private ScheduleRebuilder rebuilder;

    @BeforeEach
    void setUp() {
        TestRedis.flushAll();
        topics = TestTopics.create();
        redis = RedisClient.create(URI.create(TestRedis.url()));
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl("http://127.0.0.1:1");
        settings.setApiKey("unused");
        settings.getLimits().setMaxConcurrentTasks(2);
        ProvidersProperties providers = new ProvidersProperties();
        providers.getProviders().put("simulator", settings);
        registry = new ProviderRegistry(List.of(new SimulatorProviderAdapter(settings)), providers);
        PollerProperties properties = new PollerProperties();
        schedule = new PollSchedule(redis);
        limits = new ProviderLimits(redis, registry, new LimitsProperties(), new LimiterMetrics(new SimpleMeterRegistry()));
        TaskTracker tracker = new TaskTracker(schedule, new ProviderTimings(registry), properties,
                new TaskLimits(limits, new LimiterMetrics(new SimpleMeterRegistry())));
        StateTopicReader reader = new StateTopicReader(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()), topics.properties());
        rebuilder = new ScheduleRebuilder(schedule, tracker, reader, properties, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        topics.close();
        redis.close();
        TestRedis.flushAll();
    }

    @Test
    void everyTaskInFlightHoldsItsSlotBeforeSubmitsMayTakeOneAgain() throws Exception {
        Instant now = Instant.now();
        List<Job> inFlight = new ArrayList<>();
        try (Producer<String, String> producer = TestTopics.producers().createProducer()) {
            for (int i = 0; i < 3; i++) {
                Job job = TestJobs.submitted(TestJobs.newId(), "task-" + i, Map.of(), now);
                inFlight.add(job);
                send(producer, job);
            }
            Job done = TestJobs.submitted(TestJobs.newId(), "task-done", Map.of(), now);
            send(producer, done);
            send(producer, done.transitionTo(JobState.FAILED, now));
        }
        assertThat(schedule.isRebuilt()).as("Redis was wiped").isFalse();
        assertThat(limits.acquireSubmit(scope, "a-new-job").reason()).isEqualTo(LimitDecision.REBUILDING);

        // whenever the schedule is seen ready, all three slots must already be held (slots only grow meanwhile)
        AtomicBoolean readyTooEarly = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            try (UnifiedJedis observer = RedisClient.create(URI.create(TestRedis.url()))) {
                ProviderLimits observed = new ProviderLimits(observer, registry, new LimitsProperties(),
                        new LimiterMetrics(new SimpleMeterRegistry()));
                while (watching.get()) {
                    String ready = observer.get(RedisKeys.POLL_READY);
                    if (ready != null && ready.startsWith("ready") && observed.inFlight(scope) < 3) {
                        readyTooEarly.set(true);
                    }
                }
            }
        });
        long scheduled;
        try {
            scheduled = rebuilder.rebuildIfLost();
        } finally {
            watching.set(false);
            watcher.join(5_000);
        }

        assertThat(scheduled).isEqualTo(3);
        assertThat(readyTooEarly).as("marked ready before every slot was held").isFalse();
        assertThat(redis.get(RedisKeys.POLL_READY)).startsWith("ready");
        assertThat(limits.inFlight(scope)).as("three tasks at a provider that allows two: all counted").isEqualTo(3);
        for (Job job : inFlight) {
            assertThat(schedule.dueAt(job.id())).isPresent();
        }
        LimitDecision submit = limits.acquireSubmit(scope, "a-new-job");
        assertThat(submit.granted()).isFalse();
        assertThat(submit.reason()).isEqualTo(LimitDecision.CONCURRENCY);
    }

    private void send(Producer<String, String> producer, Job job) throws Exception {
        producer.send(new ProducerRecord<>(topics.properties().getTopics().getState(), job.id(), JsonCodec.toJson(job)))
                .get(10, TimeUnit.SECONDS);
    }
}
