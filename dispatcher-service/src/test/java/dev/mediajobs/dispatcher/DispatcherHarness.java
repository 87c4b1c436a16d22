package dev.mediajobs.dispatcher;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.callbacks.CallbackProperties;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.JobViewStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import redis.clients.jedis.UnifiedJedis;

/**
 * The dispatcher core as the service wires it, without Spring: real Redis (ledger, limiter, key bench, rotation),
 * the given adapters, a sink that records the published snapshots and a sleeper that records the waits.
 * Configure {@link #settings} and {@link #callbacks}, then {@link #start}.
 */
final class DispatcherHarness {

    /** A "random" generator that always picks the top of the range, so the jittered waits are predictable. */
    static final RandomGenerator TOP_OF_RANGE = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    final UnifiedJedis redis;
    final List<ProviderAdapter> adapters;
    final ProvidersProperties properties = new ProvidersProperties();
    final LimitsProperties limitsProperties = new LimitsProperties();
    final CallbackProperties callbacks = new CallbackProperties();
    final RecordingSink events = new RecordingSink();
    final RecordingSleeper sleeper = new RecordingSleeper();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Duration maxLimiterWait = Duration.ofMinutes(4);
    int maxAttempts = 5;

    DispatchLedger ledger;
    CancelRequests cancels;
    KeyBench bench;
    ProviderLimits limits;
    ProviderRegistry registry;
    SubmissionService submissions;
    JobDispatcher dispatcher;

    DispatcherHarness(UnifiedJedis redis, ProviderAdapter... adapters) {
        this.redis = redis;
        this.adapters = List.of(adapters);
        limitsProperties.setWindowMargin(Duration.ZERO);
    }

    /** The settings of a provider, created on first use; change them before {@link #start}. */
    ProviderSettings settings(String provider) {
        return properties.getProviders().computeIfAbsent(provider, id -> new ProviderSettings());
    }

    DispatcherHarness start() {
        registry = new ProviderRegistry(adapters, properties);
        ledger = new DispatchLedger(redis);
        cancels = new CancelRequests(redis);
        bench = new KeyBench(redis);
        limits = new ProviderLimits(redis, registry, limitsProperties, new LimiterMetrics(meters));
        Clock clock = Clock.systemUTC();
        DispatcherMetrics metrics = new DispatcherMetrics(meters);
        DispatchOutcomes outcomes = new DispatchOutcomes(events, ledger, metrics, clock, InlineAssetStager.unsupported());
        SubmitGate gate = new SubmitGate(limits, new KeyRotation(redis, registry, bench), bench, registry,
                new LimiterMetrics(meters), metrics, sleeper, new SubmitGate.Settings(maxLimiterWait,
                Duration.ofSeconds(30), limitsProperties.getAuthBench(), limitsProperties.getCreditsBench()));
        submissions = new SubmissionService(registry, ledger, cancels, outcomes, metrics, gate,
                new CallbackTokens(callbacks), new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), TOP_OF_RANGE),
                sleeper, new SubmissionService.RetryPolicy(maxAttempts, Duration.ofMinutes(2)), clock);
        dispatcher = new JobDispatcher(new JobRequestValidator(registry), cancels, new JobViewStore(redis), ledger,
                submissions, outcomes, events, metrics, clock);
        return this;
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The published snapshots, in order; can fail one publish as an unreachable Kafka would. */
    static final class RecordingSink implements JobSnapshotSink {
        private final List<Job> jobs = Collections.synchronizedList(new ArrayList<>());
        private boolean failNext;

        void failNextPublish() {
            failNext = true;
        }

        @Override
        public void publish(Job job) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("Kafka is down");
            }
            jobs.add(job);
        }

        List<Job> all() {
            return List.copyOf(jobs);
        }

        Job get(int index) {
            return jobs.get(index);
        }

        Job last() {
            return jobs.getLast();
        }

        List<JobState> states() {
            return all().stream().map(Job::state).toList();
        }
    }

    /**
     * Records the waits. By default it does not spend them, so the limiter's clock (Redis time) does not move on;
     * {@link #passTime} makes it wait for real, for the few tests whose waits must actually end (a Retry-After).
     */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean passTime;

        void passTime() {
            passTime = true;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            if (passTime) {
                Sleeper.THREAD.sleep(duration);
            }
        }
    }
}
