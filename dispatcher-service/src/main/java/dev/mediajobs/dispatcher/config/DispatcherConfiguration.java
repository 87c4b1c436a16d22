package dev.mediajobs.dispatcher.config;

import dev.mediajobs.dispatcher.Backoff;
import dev.mediajobs.dispatcher.DispatchLedger;
import dev.mediajobs.dispatcher.DispatchOutcomes;
import dev.mediajobs.dispatcher.DispatcherMetrics;
import dev.mediajobs.dispatcher.JobDispatcher;
import dev.mediajobs.dispatcher.JobSnapshotSink;
import dev.mediajobs.dispatcher.KeyRotation;
import dev.mediajobs.dispatcher.LimiterWaitExceededException;
import dev.mediajobs.dispatcher.Sleeper;
import dev.mediajobs.dispatcher.SubmissionService;
import dev.mediajobs.dispatcher.SubmitGate;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.JobViewStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import redis.clients.jedis.UnifiedJedis;

/** Wires the Spring-free core ({@link JobDispatcher}, {@link SubmissionService}) to Kafka, Redis and the providers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatcherProperties.class)
class DispatcherConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DispatcherConfiguration.class);

    /** How often a job that waits long for the limiter says so in the log. */
    private static final Duration LIMITER_PROGRESS_LOG = Duration.ofSeconds(30);
    /** Kafka's own default, when the shared defaults are not on the classpath. */
    private static final long KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    @Bean
    DispatcherMetrics dispatcherMetrics(MeterRegistry registry) {
        return new DispatcherMetrics(registry);
    }

    @Bean
    DispatchLedger dispatchLedger(UnifiedJedis redis) {
        return new DispatchLedger(redis);
    }

    @Bean
    DispatchOutcomes dispatchOutcomes(JobEventPublisher publisher, DispatchLedger ledger, DispatcherMetrics metrics,
                                      Clock clock, ObjectProvider<InlineAssetStager> staging) {
        return new DispatchOutcomes(publisher::publish, ledger, metrics, clock,
                staging.getIfAvailable(InlineAssetStager::unsupported));
    }

    @Bean
    KeyRotation keyRotation(UnifiedJedis redis, ProviderRegistry registry, KeyBench bench) {
        return new KeyRotation(redis, registry, bench);
    }

    @Bean
    SubmitGate submitGate(ProviderLimits limits, KeyRotation keys, KeyBench bench, ProviderRegistry registry,
                          LimiterMetrics limiterMetrics, DispatcherMetrics metrics, DispatcherProperties properties,
                          LimitsProperties limitsProperties, Environment environment) {
        requireBelowMaxPollInterval(properties, environment);
        return new SubmitGate(limits, keys, bench, registry, limiterMetrics, metrics, Sleeper.THREAD,
                new SubmitGate.Settings(properties.maxLimiterWait(), LIMITER_PROGRESS_LOG,
                        limitsProperties.getAuthBench(), limitsProperties.getCreditsBench()));
    }

    @Bean
    SubmissionService submissionService(ProviderRegistry registry, DispatchLedger ledger, CancelRequests cancels,
                                        DispatchOutcomes outcomes, DispatcherMetrics metrics, SubmitGate gate,
                                        CallbackTokens callbacks, DispatcherProperties properties, Clock clock) {
        Backoff backoff = new Backoff(properties.retryBaseDelay(), properties.retryMaxDelay(),
                () -> ThreadLocalRandom.current().nextLong()); // each listener thread its own generator
        return new SubmissionService(registry, ledger, cancels, outcomes, metrics, gate, callbacks, backoff,
                Sleeper.THREAD, new SubmissionService.RetryPolicy(properties.maxSubmitAttempts(),
                properties.maxTotalRetryWait()), clock);
    }

    @Bean
    JobDispatcher jobDispatcher(JobRequestValidator validator, CancelRequests cancels, JobViewStore views,
                                DispatchLedger ledger, SubmissionService submissions, DispatchOutcomes outcomes,
                                JobEventPublisher publisher, DispatcherMetrics metrics, Clock clock) {
        JobSnapshotSink sink = publisher::publish;
        return new JobDispatcher(validator, cancels, views, ledger, submissions, outcomes, sink, metrics, clock);
    }

    /**
     * A record whose handling throws (Kafka or Redis unreachable) is retried with growing pauses for about 15 minutes
     * before it is logged and skipped; the default of 10 immediate retries would drop jobs during a short outage.
     * A record whose job waited {@code max-limiter-wait} for the limiter ({@link LimiterWaitExceededException}) is
     * not failing: it is sought back and delivered again at once, for as long as it takes, and waits again.
     */
    @Bean
    CommonErrorHandler dispatcherErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(15 * 60_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> log.error(
                "giving up on request {}-{}@{} (key {}) after retries", record.topic(), record.partition(),
                record.offset(), record.key(), e), backOff);
        handler.setBackOffFunction((record, e) -> causedBy(e, LimiterWaitExceededException.class)
                ? new FixedBackOff(0, FixedBackOff.UNLIMITED_ATTEMPTS) : null);
        return handler;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A listener thread blocks while its job waits (limiter, retry backoff); past max.poll.interval.ms the consumer
     * would be thrown out of its group and the record handed to another instance mid-submit.
     */
    private static void requireBelowMaxPollInterval(DispatcherProperties properties, Environment environment) {
        long maxPollInterval = environment.getProperty("spring.kafka.consumer.properties.max.poll.interval.ms",
                Long.class, KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS);
        if (properties.longestBlockingWait().toMillis() >= maxPollInterval) {
            throw new IllegalStateException("mediajobs.dispatcher.max-limiter-wait (" + properties.maxLimiterWait()
                    + ") plus max-total-retry-wait (" + properties.maxTotalRetryWait() + ") must stay below the "
                    + "consumer's max.poll.interval.ms (" + maxPollInterval + " ms), with room for the provider calls: "
                    + "lower them or raise spring.kafka.consumer.properties.max.poll.interval.ms");
        }
    }
}
