package dev.mediajobs.poller.config;

import dev.mediajobs.poller.limits.TaskLimits;
import dev.mediajobs.poller.metrics.PollerMetrics;
import dev.mediajobs.poller.poll.Backoff;
import dev.mediajobs.poller.poll.PollLoop;
import dev.mediajobs.poller.poll.ProviderTimings;
import dev.mediajobs.poller.poll.TaskPoller;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.poller.tracking.JobEventsListener;
import dev.mediajobs.poller.tracking.ScheduleRebuilder;
import dev.mediajobs.poller.tracking.TaskTracker;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.kafka.StateTopicReader;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.PollNudges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import redis.clients.jedis.UnifiedJedis;

/** The poller's wiring: schedule, poll loop, events listener and rebuilder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PollerProperties.class)
public class PollerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PollerConfiguration.class);

    @Bean
    PollSchedule pollSchedule(UnifiedJedis redis) {
        return new PollSchedule(redis);
    }

    /** The flags providers' callbacks leave (set by the api-service); the poller takes them. */
    @Bean
    @ConditionalOnMissingBean
    PollNudges pollNudges(UnifiedJedis redis) {
        return new PollNudges(redis);
    }

    @Bean
    TaskLimits taskLimits(ProviderLimits limits, LimiterMetrics limiterMetrics) {
        return new TaskLimits(limits, limiterMetrics);
    }

    @Bean
    PollerMetrics pollerMetrics(MeterRegistry registry, PollSchedule schedule, ProviderRegistry providers) {
        PollerMetrics metrics = new PollerMetrics(registry);
        metrics.inflightFrom(schedule, providers.all().stream()
                .map(ProviderAdapter::id)
                .filter(id -> providers.settings(id).isEnabled())
                .toList());
        return metrics;
    }

    @Bean
    ProviderTimings providerTimings(ProviderRegistry registry) {
        return new ProviderTimings(registry);
    }

    @Bean
    TaskPoller taskPoller(PollSchedule schedule, ProviderRegistry registry, CancelRequests cancels, PollNudges nudges,
                          TaskLimits limits, JobEventPublisher publisher, PollerProperties properties,
                          PollerMetrics metrics, Clock clock, ObjectProvider<InlineAssetStager> staging) {
        Backoff backoff = new Backoff(properties.getBackoffInitial(), properties.getBackoffMax(), new Random());
        return new TaskPoller(schedule, registry, cancels, nudges, limits, publisher::publish,
                staging.getIfAvailable(InlineAssetStager::unsupported),
                properties, metrics, backoff, clock);
    }

    @Bean
    PollLoop pollLoop(PollSchedule schedule, TaskPoller poller, PollerProperties properties, PollerMetrics metrics,
                      Clock clock, ProviderRegistry registry) {
        warnIfLeaseIsShorterThanAPoll(properties, registry);
        return new PollLoop(schedule, poller, properties, metrics, clock);
    }

    /**
     * A poll that outlives its lease lets a second instance poll the same task; the fencing check keeps it from
     * publishing twice, but the work is wasted. The lease should exceed every provider's request timeout.
     */
    private static void warnIfLeaseIsShorterThanAPoll(PollerProperties properties, ProviderRegistry registry) {
        registry.all().stream()
                .filter(adapter -> registry.settings(adapter.id()).isEnabled())
                .filter(adapter -> registry.settings(adapter.id()).getRequestTimeout().compareTo(properties.getLease()) > 0)
                .forEach(adapter -> log.warn("mediajobs.poller.lease ({}) is shorter than mediajobs.providers.{}.request-timeout ({}): "
                        + "a slow poll may outlive its lease", properties.getLease(), adapter.id(),
                        registry.settings(adapter.id()).getRequestTimeout()));
    }

    @Bean
    TaskTracker taskTracker(PollSchedule schedule, ProviderTimings timings, PollerProperties properties,
                            TaskLimits limits) {
        return new TaskTracker(schedule, timings, properties, limits);
    }

    @Bean
    JobEventsListener jobEventsListener(TaskTracker tracker, Clock clock) {
        return new JobEventsListener(tracker, clock);
    }

    @Bean
    ScheduleRebuilder scheduleRebuilder(PollSchedule schedule, TaskTracker tracker, StateTopicReader stateReader,
                                        PollerProperties properties, Clock clock) {
        return new ScheduleRebuilder(schedule, tracker, stateReader, properties, clock);
    }

    /**
     * A record the listener cannot apply (Redis unreachable) is retried with growing pauses for up to ten minutes
     * rather than skipped after a few instant retries: a skipped {@code submitted} event would be a task nobody
     * polls until its timeout.
     */
    @Bean
    CommonErrorHandler pollerKafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(600_000);
        return new DefaultErrorHandler(backOff);
    }
}
