package dev.mediajobs.api.config;

import dev.mediajobs.api.auth.AuthenticatedTenantResolver;
import dev.mediajobs.api.auth.TenantKeys;
import dev.mediajobs.api.jobs.IdempotencyClaims;
import dev.mediajobs.api.jobs.JobRequestPublisher;
import dev.mediajobs.api.jobs.JobSubmissionService;
import dev.mediajobs.api.jobs.SubmitRequestReader;
import dev.mediajobs.api.view.ViewApplier;
import dev.mediajobs.api.view.ViewRebuilder;
import dev.mediajobs.api.webhooks.WebhookDelivery;
import dev.mediajobs.api.webhooks.WebhookSecrets;
import dev.mediajobs.api.webhooks.WebhookSender;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.kafka.StateTopicReader;
import dev.mediajobs.support.redis.JobViewStore;
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
    SubmitRequestReader submitRequestReader(ApiProperties properties) {
        return new SubmitRequestReader(properties.getMaxBodyBytes().toBytes());
    }

    @Bean
    IdempotencyClaims idempotencyClaims(UnifiedJedis redis, ApiProperties properties) {
        return new IdempotencyClaims(redis, properties.getIdempotencyTtl());
    }

    @Bean
    JobSubmissionService jobSubmissionService(JobRequestValidator validator, IdempotencyClaims claims,
                                              JobViewStore view, ViewApplier applier, JobRequestPublisher requests,
                                              JobEventPublisher events, Clock clock) {
        return new JobSubmissionService(validator, claims, view, applier, requests, events, clock);
    }

    @Bean
    ViewRebuilder viewRebuilder(UnifiedJedis redis, StateTopicReader stateTopicReader, ViewApplier applier,
                                ApiProperties properties) {
        return new ViewRebuilder(redis, stateTopicReader, applier, properties.getViewRebuildCheckInterval());
    }

    @Bean
    WebhookSecrets webhookSecrets(ApiProperties api, WebhookProperties webhooks) {
        webhooks.validate();
        return WebhookSecrets.from(api.getTenants(), webhooks.getSigningSecret());
    }

    @Bean
    WebhookSender webhookSender(WebhookProperties properties, Clock clock) {
        return new WebhookSender(properties.getTimeout(), clock);
    }

    @Bean
    WebhookDelivery webhookDelivery(WebhookSender sender, WebhookSecrets secrets, UnifiedJedis redis,
                                    MeterRegistry registry, WebhookProperties properties) {
        return new WebhookDelivery(sender, secrets, redis, registry, properties.getMaxAttempts(),
                properties.getRetryBaseDelay(), duration -> Thread.sleep(duration));
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
