package dev.mediajobs.api.config;

import dev.mediajobs.api.auth.AuthenticatedTenantResolver;
import dev.mediajobs.api.auth.TenantKeys;
import dev.mediajobs.api.callbacks.CallbackMetrics;
import dev.mediajobs.api.jobs.IdempotencyClaims;
import dev.mediajobs.api.jobs.JobRequestPublisher;
import dev.mediajobs.api.jobs.JobSubmissionService;
import dev.mediajobs.api.jobs.SubmitRequestReader;
import dev.mediajobs.api.providers.ProviderView;
import dev.mediajobs.api.uploads.InputResolver;
import dev.mediajobs.api.uploads.UploadProperties;
import dev.mediajobs.api.view.ViewApplier;
import dev.mediajobs.api.view.ViewRebuilder;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.kafka.StateTopicReader;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.redis.PollNudges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import redis.clients.jedis.UnifiedJedis;

/** The api-service's wiring; validated settings fail start-up with a message naming the property. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiProperties.class, WebhookProperties.class})
public class ApiConfiguration {

    @Bean
    TenantKeys tenantKeys(ApiProperties properties) {
        properties.validate();
        return TenantKeys.from(properties.getTenants());
    }

    @Bean
    WebMvcConfigurer authenticatedTenantArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new AuthenticatedTenantResolver());
            }
        };
    }

    @Bean
    SubmitRequestReader submitRequestReader(ApiProperties properties, UploadProperties uploads) {
        return new SubmitRequestReader(properties.getMaxBodyBytes().toBytes(), uploads.getMaxInlineBytes().toBytes());
    }

    @Bean
    IdempotencyClaims idempotencyClaims(UnifiedJedis redis, ApiProperties properties) {
        return new IdempotencyClaims(redis, properties.getIdempotencyTtl());
    }

    @Bean
    JobSubmissionService jobSubmissionService(JobRequestValidator validator, IdempotencyClaims claims,
                                              JobViewStore view, ViewApplier applier, JobRequestPublisher requests,
                                              JobEventPublisher events, Clock clock, InputResolver inputs) {
        return new JobSubmissionService(validator, claims, view, applier, requests, events, clock, inputs);
    }

    /** Makes a task's poll due at once when its provider calls back ({@code POST /v1/callbacks/...}). */
    @Bean
    PollNudges pollNudges(UnifiedJedis redis) {
        return new PollNudges(redis);
    }

    @Bean
    CallbackMetrics callbackMetrics(MeterRegistry registry) {
        return new CallbackMetrics(registry);
    }

    @Bean
    ProviderView providerView(ProviderRegistry registry, ProviderLimits limits, LimitsProperties limitsProperties,
                              KeyBench bench, CallbackTokens callbackTokens) {
        return new ProviderView(registry, limits, limitsProperties, bench, callbackTokens);
    }

    @Bean
    ViewRebuilder viewRebuilder(UnifiedJedis redis, StateTopicReader stateTopicReader, ViewApplier applier,
                                ApiProperties properties) {
        return new ViewRebuilder(redis, stateTopicReader, applier, properties.getViewRebuildCheckInterval());
    }

    /**
     * The listeners' error handler (Spring Boot hands it to its container factory): when Redis is briefly down, retry
     * the record with growing pauses for up to ten minutes instead of skipping it after ten immediate tries, which
     * would leave a hole in the view or drop a webhook.
     */
    @Bean
    DefaultErrorHandler kafkaListenerErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(600_000);
        return new DefaultErrorHandler(backOff);
    }
}
