package dev.mediajobs.storage.config;

import dev.mediajobs.storage.archive.AssetArchiver;
import dev.mediajobs.storage.archive.AssetRetention;
import dev.mediajobs.storage.archive.BucketInitializer;
import dev.mediajobs.storage.archive.DownloadSettings;
import dev.mediajobs.storage.jobs.StorageMetrics;
import dev.mediajobs.storage.jobs.StoringJobProcessor;
import dev.mediajobs.storage.kafka.StorageErrorHandling;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.s3.MediajobsS3Properties;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The storage-service's wiring; Kafka, Redis and the {@link MinioClient} come from service-support. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    /** Downloads from provider CDNs; redirects are followed, except from https to http. */
    @Bean
    HttpClient assetDownloadClient(StorageProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.downloadConnectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Bean
    AssetArchiver assetArchiver(HttpClient assetDownloadClient, ObjectProvider<MinioClient> minioClient,
                                MediajobsS3Properties s3, StorageProperties properties) {
        DownloadSettings settings = new DownloadSettings(properties.downloadAttempts(), properties.downloadBackoff(),
                properties.downloadResponseTimeout(), properties.downloadTimeout());
        return new AssetArchiver(assetDownloadClient, requireS3(minioClient, s3), requireBucket(s3), settings);
    }

    /**
     * Creates the bucket (unless {@code mediajobs.s3.create-bucket=false}: then it is managed elsewhere and a missing
     * one shows up as retried stores) and applies {@code mediajobs.storage.retention} as a lifecycle rule.
     */
    @Bean
    BucketInitializer bucketInitializer(ObjectProvider<MinioClient> minioClient, MediajobsS3Properties s3,
                                        StorageProperties properties) {
        return new BucketInitializer(requireS3(minioClient, s3), requireBucket(s3), s3.getEndpoint(),
                properties.s3RetryMaxInterval(), s3.isCreateBucket(), new AssetRetention(properties.retention()));
    }

    @Bean
    StorageMetrics storageMetrics(MeterRegistry registry) {
        return new StorageMetrics(registry);
    }

    @Bean
    StoringJobProcessor storingJobProcessor(AssetArchiver archiver, JobEventPublisher publisher, JobViewStore views,
                                            StorageMetrics metrics, Clock clock) {
        return new StoringJobProcessor(archiver, publisher, views, metrics, clock);
    }

    /** Picked up by Spring Boot's listener container factory for this service's listener. */
    @Bean
    DefaultErrorHandler storageErrorHandler(StorageProperties properties, JobEventPublisher publisher, Clock clock) {
        return StorageErrorHandling.errorHandler(properties.s3RetryInitialInterval(), properties.s3RetryMaxInterval(),
                publisher, clock);
    }

    private static MinioClient requireS3(ObjectProvider<MinioClient> minioClient, MediajobsS3Properties s3) {
        MinioClient client = minioClient.getIfAvailable();
        if (client == null) {
            throw new IllegalStateException("the storage-service needs S3: set mediajobs.s3.endpoint (e.g. "
                    + "http://127.0.0.1:9000), mediajobs.s3.access-key and mediajobs.s3.secret-key");
        }
        return client;
    }

    private static String requireBucket(MediajobsS3Properties s3) {
        if (s3.getBucket() == null || s3.getBucket().isBlank()) {
            throw new IllegalStateException("mediajobs.s3.bucket must name the bucket that keeps the assets");
        }
        return s3.getBucket();
    }
}
