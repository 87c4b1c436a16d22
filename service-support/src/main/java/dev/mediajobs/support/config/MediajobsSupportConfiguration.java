package dev.mediajobs.support.config;

import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.kafka.StateTopicReader;
import dev.mediajobs.support.metrics.JobMetrics;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.redis.MediajobsRedisProperties;
import dev.mediajobs.support.s3.InlineAssetStaging;
import dev.mediajobs.support.s3.MediajobsS3Properties;
import dev.mediajobs.support.s3.PublicS3Urls;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import java.net.URI;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The wiring every service shares: topics, event publishing, Redis, S3 client, metrics. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({MediajobsKafkaProperties.class, MediajobsRedisProperties.class, MediajobsS3Properties.class})
public class MediajobsSupportConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The topic names, for listeners: {@code @KafkaListener(topics = "#{@mediajobsTopicNames.events}")}.
     */
    @Bean
    MediajobsKafkaProperties.TopicNames mediajobsTopicNames(MediajobsKafkaProperties properties) {
        return properties.getTopics();
    }

    @Bean
    JobMetrics jobMetrics(MeterRegistry registry) {
        return new JobMetrics(registry);
    }

    @Bean
    JobEventPublisher jobEventPublisher(KafkaTemplate<String, String> kafka, MediajobsKafkaProperties properties,
                                        JobMetrics metrics, @Value("${spring.application.name}") String serviceName,
                                        Clock clock) {
        return new JobEventPublisher(kafka, properties, metrics, serviceName, clock);
    }

    @Bean
    StateTopicReader stateTopicReader(KafkaProperties kafkaProperties, MediajobsKafkaProperties properties) {
        return new StateTopicReader(kafkaProperties.buildConsumerProperties(), properties);
    }

    @Bean
    @ConditionalOnProperty(prefix = "mediajobs.kafka", name = "create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics mediajobsTopics(MediajobsKafkaProperties p) {
        MediajobsKafkaProperties.TopicNames t = p.getTopics();
        NewTopic requests = TopicBuilder.name(t.getRequests()).partitions(p.getPartitions()).replicas(p.getReplicationFactor()).build();
        NewTopic events = TopicBuilder.name(t.getEvents()).partitions(p.getPartitions()).replicas(p.getReplicationFactor()).build();
        NewTopic state = TopicBuilder.name(t.getState()).partitions(p.getPartitions()).replicas(p.getReplicationFactor())
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
        NewTopic completions = TopicBuilder.name(t.getCompletions()).partitions(p.getPartitions()).replicas(p.getReplicationFactor()).build();
        return new KafkaAdmin.NewTopics(requests, events, state, completions);
    }

    @Bean(destroyMethod = "close")
    UnifiedJedis redis(MediajobsRedisProperties properties) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(properties.getMaxConnections());
        pool.setMaxIdle(properties.getMaxConnections());
        return RedisClient.builder().fromURI(URI.create(properties.getUrl())).poolConfig(pool).build();
    }

    @Bean
    JobViewStore jobViewStore(UnifiedJedis redis) {
        return new JobViewStore(redis);
    }

    @Bean
    CancelRequests cancelRequests(UnifiedJedis redis) {
        return new CancelRequests(redis);
    }

    @Bean
    @ConditionalOnProperty(prefix = "mediajobs.s3", name = "endpoint")
    InlineAssetStaging inlineAssetStaging(MinioClient minio, MediajobsS3Properties properties) {
        return new InlineAssetStaging(minio, properties);
    }

    @Bean
    @ConditionalOnProperty(prefix = "mediajobs.s3", name = "endpoint")
    PublicS3Urls publicS3Urls(MinioClient minio, MediajobsS3Properties properties) {
        return new PublicS3Urls(minio, properties);
    }

    @Bean
    @ConditionalOnProperty(prefix = "mediajobs.s3", name = "endpoint")
    MinioClient minioClient(MediajobsS3Properties properties) {
        return MinioClient.builder()
                .endpoint(properties.getEndpoint())
                .region(properties.getRegion())
                .credentials(properties.getAccessKey(), properties.getSecretKey())
                .build();
    }
}
