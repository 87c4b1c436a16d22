package dev.mediajobs.api.webhooks;

import dev.mediajobs.api.config.ApiProperties;
import dev.mediajobs.api.config.WebhookProperties;
import dev.mediajobs.api.webhooks.delivery.DeliveryLog;
import dev.mediajobs.api.webhooks.delivery.DeliveryLoop;
import dev.mediajobs.api.webhooks.delivery.DeliveryRebuilder;
import dev.mediajobs.api.webhooks.delivery.DeliverySchedule;
import dev.mediajobs.api.webhooks.delivery.DeliveryStore;
import dev.mediajobs.api.webhooks.delivery.DeliveryTargets;
import dev.mediajobs.api.webhooks.delivery.DeliveryWorker;
import dev.mediajobs.api.webhooks.delivery.RetrySchedule;
import dev.mediajobs.api.webhooks.delivery.WebhookMetrics;
import dev.mediajobs.api.webhooks.delivery.WebhookSender;
import dev.mediajobs.api.webhooks.endpoints.EndpointTopicFollower;
import dev.mediajobs.api.webhooks.endpoints.WebhookEndpointRegistry;
import dev.mediajobs.providers.outbound.GuardedHttpClients;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.support.config.MediajobsKafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import redis.clients.jedis.UnifiedJedis;

/** The wiring of webhook subscriptions and deliveries (docs/webhooks.md). */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    WebhookSecrets webhookSecrets(ApiProperties api, WebhookProperties webhooks) {
        webhooks.validate();
        return WebhookSecrets.from(api.getTenants(), webhooks.getSigningSecret());
    }

    @Bean
    RetrySchedule webhookRetrySchedule(WebhookProperties properties) {
        return new RetrySchedule(properties.getScheduleScale());
    }

    /** Connects only to addresses the policy checked, never follows redirects, gives up after the response timeout. */
    @Bean
    WebhookSender webhookSender(OutboundPolicy policy, WebhookProperties properties, Clock clock) {
        OkHttpClient client = GuardedHttpClients.create(policy, properties.getConnectTimeout(), properties.getResponseTimeout())
                .newBuilder()
                .callTimeout(properties.getResponseTimeout())
                .build();
        return new WebhookSender(client, clock);
    }

    @Bean
    CompactedTopicReader webhookTopicReader(KafkaProperties kafkaProperties) {
        return new CompactedTopicReader(kafkaProperties.buildConsumerProperties());
    }

    @Bean
    DeliverySchedule deliverySchedule(UnifiedJedis redis, WebhookProperties properties) {
        properties.validate();
        return new DeliverySchedule(redis, properties.getRedisKeyPrefix(), properties.getDeliveryRetention());
    }

    @Bean
    DeliveryStore deliveryStore(KafkaTemplate<String, String> kafka, MediajobsKafkaProperties kafkaProperties,
                                WebhookProperties properties, DeliverySchedule schedule) {
        DeliveryLog log = new DeliveryLog(kafka, properties.getTopics().getDeliveries(),
                properties.getTopics().getDeadLetters(), Duration.ofMillis(kafkaProperties.getSendTimeoutMillis()));
        return new DeliveryStore(log, schedule);
    }

    @Bean
    WebhookEndpointRegistry webhookEndpointRegistry(KafkaTemplate<String, String> kafka,
                                                    MediajobsKafkaProperties kafkaProperties,
                                                    WebhookProperties properties, Clock clock) {
        return new WebhookEndpointRegistry(kafka, properties.getTopics().getEndpoints(),
                Duration.ofMillis(kafkaProperties.getSendTimeoutMillis()), clock);
    }

    @Bean
    EndpointTopicFollower webhookEndpointFollower(CompactedTopicReader reader, WebhookEndpointRegistry registry,
                                                  WebhookProperties properties) {
        return new EndpointTopicFollower(reader, registry, properties.getTopics().getEndpoints());
    }

    @Bean
    DeliveryTargets deliveryTargets(WebhookSecrets secrets, WebhookEndpointRegistry endpoints) {
        return new DeliveryTargets(secrets, endpoints);
    }

    @Bean
    WebhookMetrics webhookMetrics(MeterRegistry registry, DeliverySchedule schedule) {
        return new WebhookMetrics(registry, schedule);
    }

    @Bean
    DeliveryWorker deliveryWorker(DeliverySchedule schedule, DeliveryStore store, DeliveryTargets targets,
                                  WebhookEndpointRegistry endpoints, WebhookSender sender, RetrySchedule retries,
                                  WebhookMetrics metrics, Clock clock) {
        return new DeliveryWorker(schedule, store, targets, endpoints, sender, retries, metrics, clock);
    }

    @Bean
    DeliveryLoop deliveryLoop(DeliverySchedule schedule, DeliveryWorker worker, WebhookMetrics metrics, Clock clock,
                              WebhookProperties properties) {
        return new DeliveryLoop(schedule, worker, metrics, clock, properties.getTick(), properties.getLease(),
                properties.getMaxConcurrentDeliveries());
    }

    @Bean
    DeliveryRebuilder deliveryRebuilder(DeliverySchedule schedule, CompactedTopicReader reader,
                                        WebhookProperties properties, Clock clock) {
        return new DeliveryRebuilder(schedule, reader, properties.getTopics().getDeliveries(),
                properties.getRebuildCheckInterval(), clock);
    }

    @Bean
    DeliveryPlanner deliveryPlanner(DeliveryStore store, DeliverySchedule schedule, WebhookEndpointRegistry endpoints,
                                    WebhookProperties properties, Clock clock) {
        return new DeliveryPlanner(store, schedule, endpoints, properties.getMaxEventAge(), clock);
    }

    /**
     * The webhooks' own topics: endpoints compacted forever (they are the only record of the endpoints); deliveries
     * compacted and dropped after the retention (a pending delivery is rewritten at least daily, so only finished ones
     * age out); dead letters kept as long.
     */
    @Bean
    @ConditionalOnProperty(prefix = "mediajobs.kafka", name = "create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics webhookTopics(MediajobsKafkaProperties kafka, WebhookProperties properties) {
        String retention = Long.toString(properties.getDeliveryRetention().toMillis());
        WebhookProperties.Topics t = properties.getTopics();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(t.getEndpoints()).partitions(kafka.getPartitions()).replicas(kafka.getReplicationFactor())
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                        .build(),
                TopicBuilder.name(t.getDeliveries()).partitions(kafka.getPartitions()).replicas(kafka.getReplicationFactor())
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE)
                        .config(TopicConfig.RETENTION_MS_CONFIG, retention)
                        .build(),
                TopicBuilder.name(t.getDeadLetters()).partitions(kafka.getPartitions()).replicas(kafka.getReplicationFactor())
                        .config(TopicConfig.RETENTION_MS_CONFIG, retention)
                        .build());
    }
}
