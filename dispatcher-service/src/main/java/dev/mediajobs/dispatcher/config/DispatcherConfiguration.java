package dev.mediajobs.dispatcher.config;

import dev.mediajobs.dispatcher.Backoff;
import dev.mediajobs.dispatcher.DispatchLedger;
import dev.mediajobs.dispatcher.DispatchOutcomes;
import dev.mediajobs.dispatcher.DispatcherMetrics;
import dev.mediajobs.dispatcher.JobDispatcher;
import dev.mediajobs.dispatcher.JobSnapshotSink;
import dev.mediajobs.dispatcher.Sleeper;
import dev.mediajobs.dispatcher.SubmissionService;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.JobViewStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import redis.clients.jedis.UnifiedJedis;

/** Wires the Spring-free core ({@link JobDispatcher}, {@link SubmissionService}) to Kafka, Redis and the providers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatcherProperties.class)
class DispatcherConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DispatcherConfiguration.class);

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
    SubmissionService submissionService(ProviderRegistry registry, DispatchLedger ledger, CancelRequests cancels,
                                        DispatchOutcomes outcomes, DispatcherMetrics metrics,
                                        DispatcherProperties properties, Clock clock) {
        Backoff backoff = new Backoff(properties.retryBaseDelay(), properties.retryMaxDelay(),
                () -> ThreadLocalRandom.current().nextLong()); // each listener thread its own generator
        return new SubmissionService(registry, ledger, cancels, outcomes, metrics, backoff, Sleeper.THREAD,
                new SubmissionService.RetryPolicy(properties.maxSubmitAttempts(), properties.maxTotalRetryWait()), clock);
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
     */
    @Bean
    CommonErrorHandler dispatcherErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(15 * 60_000);
        return new DefaultErrorHandler((record, e) -> log.error("giving up on request {}-{}@{} (key {}) after retries",
                record.topic(), record.partition(), record.offset(), record.key(), e), backOff);
    }
}
