package dev.mediajobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.storage.archive.AssetRetention;
import dev.mediajobs.storage.archive.BucketInitializer;
import dev.mediajobs.storage.testing.GeneratedBytes;
import dev.mediajobs.storage.testing.TestAssetServer;
import dev.mediajobs.support.s3.AssetKeys;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.GetBucketLifecycleArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The storage-service as it runs: real application context, real Kafka, Redis and S3, a real HTTP source. A
 * {@code storing} snapshot goes in on the events topic; a {@code succeeded} (or {@code failed}) one must come out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageIntegrationTests {

    private static final String BUCKET = "storage-it";
    private static final String SUFFIX = "storage-" + UUID.randomUUID().toString().substring(0, 8);

    private static TestAssetServer source;
    private static ConfigurableApplicationContext app;
    private static KafkaTemplate<String, String> kafka;
    private static MinioClient s3;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() {
        source = TestAssetServer.start();
        Map<String, Object> properties = new LinkedHashMap<>(TestInfrastructure.all());
        properties.putAll(TestInfrastructure.isolatedTopics(SUFFIX));
        properties.put("server.port", 0);
        properties.put("mediajobs.s3.bucket", BUCKET);
        properties.put("mediajobs.storage.concurrency", 2);
        properties.put("mediajobs.storage.download-backoff", "20ms");
        properties.put("mediajobs.storage.s3-retry-initial-interval", "200ms");
        properties.put("mediajobs.storage.s3-retry-max-interval", "1s");
        properties.put("mediajobs.storage.retention", "36h");
        // command-line arguments, so that they win over storage-service.yml
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = StorageServiceApplication.builder().run(args);
        kafka = app.getBean(KafkaTemplate.class);
        s3 = app.getBean(MinioClient.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    @Order(1) // whileS3IsUnavailable… recreates the bucket, without lifecycle configuration
    void theRetentionSettingIsALifecycleRuleOnTheBucket() throws Exception {
        BucketInitializer initializer = app.getBean(BucketInitializer.class);
        Awaitility.await("the bucket prepared").atMost(Duration.ofSeconds(20))
                .until(() -> initializer.retentionOutcome() != null);
        assertThat(initializer.retentionOutcome()).isIn(AssetRetention.Outcome.APPLIED, AssetRetention.Outcome.UNCHANGED);

        LifecycleConfiguration lifecycle = s3.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(BUCKET).build());
        assertThat(lifecycle.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo(AssetRetention.RULE_ID);
            assertThat(rule.filter().prefix()).isEqualTo("tenants/");
            assertThat(rule.expiration().days()).as("36h rounded up to days").isEqualTo(2);
        });
    }

    @Test
    void storesEveryAssetAndPublishesSucceeded() throws Exception {
        GeneratedBytes image = new GeneratedBytes(21, 150_000);
        GeneratedBytes video = new GeneratedBytes(22, 3_000_000);
        Job storing = storingJob(List.of(
                new ProviderAsset(source.url("/bytes/21/150000?token=abc"), "image/png", image.sha256()),
                ProviderAsset.ofUrl(source.url("/bytes/22/3000000?chunked=true&type=video/mp4"))));

        publish(storing);

        JobEvent done = awaitEvent(storing.id(), JobState.SUCCEEDED);
        Job job = done.job();
        assertThat(done.id()).isEqualTo(storing.id() + ":" + (storing.version() + 1));
        assertThat(done.emittedBy()).isEqualTo("storage-service");
        assertThat(job.version()).isEqualTo(storing.version() + 1);
        assertThat(job.completedAt()).isNotNull();
        assertThat(job.assets()).hasSize(2);
        assertStored(job.assets().get(0), 0, "image/png", image);
        assertStored(job.assets().get(1), 1, "video/mp4", video);
        assertThat(completionIds()).contains(done.id());
        assertThat(app.getBean(MeterRegistry.class).get("mediajobs.storage.bytes").tag("provider", "simulator")
                .counter().count()).isGreaterThanOrEqualTo(image.size() + video.size());
    }

    @Test
    void anUnreachableAssetFailsTheJobAndLeavesNoAssetsBehind() throws Exception {
        Job storing = storingJob(List.of(
                ProviderAsset.ofUrl(source.url("/bytes/23/1000?type=image/png")),
                ProviderAsset.ofUrl(source.url("/status/410?X-Amz-Signature=s3cr3t"))));

        publish(storing);

        Job job = awaitEvent(storing.id(), JobState.FAILED).job();
        assertThat(job.error().code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
        assertThat(job.error().message()).contains("asset 1", "410").doesNotContain("s3cr3t");
        assertThat(job.error().provider()).isEqualTo("simulator");
        assertThat(job.assets()).isEmpty();
        assertThat(source.requestCount("/bytes/23/1000")).as("asset 0 was stored first").isEqualTo(1);
        String firstKey = AssetKeys.objectKey(job.tenant(), job.id(), 0, "image/png");
        assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(firstKey).build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
    }

    @Test
    void whileS3IsUnavailableTheJobWaitsAndIsStoredOnceItIsBack() throws Exception {
        emptyAndRemoveBucket();
        Job storing = storingJob(List.of(new ProviderAsset(source.url("/bytes/24/2048"), "image/webp", null)));
        try {
            publish(storing);

            // NoSuchBucket is S3's problem, not the job's: the record is retried, nothing is published
            Awaitility.await("a store refused by S3").atMost(Duration.ofSeconds(20)).until(() ->
                    unavailableCount() >= 2);
            assertThat(eventsOf(storing.id())).extracting(e -> e.job().state()).containsOnly(JobState.STORING);
        } finally {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }

        Job job = awaitEvent(storing.id(), JobState.SUCCEEDED).job();
        assertStored(job.assets().getFirst(), 0, "image/webp", new GeneratedBytes(24, 2048));
    }

    private static double unavailableCount() {
        return Optional.ofNullable(app.getBean(MeterRegistry.class).find("mediajobs.storage.assets")
                .tags("provider", "simulator", "outcome", "storage_unavailable").counter())
                .map(c -> c.count()).orElse(0.0);
    }

    private static void emptyAndRemoveBucket() throws Exception {
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build())) {
            s3.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(item.get().objectName()).build());
        }
        s3.removeBucket(RemoveBucketArgs.builder().bucket(BUCKET).build());
    }

    private static Job storingJob(List<ProviderAsset> assets) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Job.builder()
                .id(JobIds.random())
                .tenant("acme")
                .version(4)
                .state(JobState.STORING)
                .provider("simulator")
                .model("sim-image-1")
                .operation(Operation.TEXT_TO_IMAGE)
                .input(JobInput.ofPrompt("a lighthouse at dusk"))
                .source("rest")
                .providerTaskId("task-" + UUID.randomUUID())
                .providerAssets(assets)
                .attempt(1)
                .createdAt(now.minusSeconds(30))
                .updatedAt(now)
                .submittedAt(now.minusSeconds(29))
                .build();
    }

    private static void publish(Job job) throws Exception {
        kafka.send("test.events." + SUFFIX, job.id(), JsonCodec.toJson(JobEvent.of(job, "poller-service", Instant.now())))
                .get(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static JobEvent awaitEvent(String jobId, JobState state) {
        return Awaitility.await("a " + state.wireName() + " event for job " + jobId)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> eventsOf(jobId).stream().filter(e -> e.job().state() == state).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Every event of the job on the events topic so far. */
    private static List<JobEvent> eventsOf(String jobId) {
        return readAll("test.events." + SUFFIX).stream().filter(e -> jobId.equals(e.job().id())).toList();
    }

    private static List<String> completionIds() {
        return readAll("test.completions." + SUFFIX).stream().map(JobEvent::id).toList();
    }

    /** The topic from its beginning to its current end. */
    private static List<JobEvent> readAll(String topic) {
        List<JobEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(JsonCodec.fromJson(r.value(), JobEvent.class));
                }
            }
        }
        return events;
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private static void assertStored(StoredAsset asset, int index, String contentType, GeneratedBytes expected)
            throws Exception {
        assertThat(asset.index()).isEqualTo(index);
        assertThat(asset.bucket()).isEqualTo(BUCKET);
        assertThat(asset.contentType()).isEqualTo(contentType);
        assertThat(asset.sizeBytes()).isEqualTo(expected.size());
        assertThat(asset.sha256()).isEqualTo(expected.sha256());
        assertThat(asset.downloadUrl()).isNull();
        StatObjectResponse stat = s3.statObject(StatObjectArgs.builder().bucket(asset.bucket()).object(asset.key()).build());
        assertThat(stat.size()).isEqualTo(expected.size());
        assertThat(stat.contentType()).isEqualTo(contentType);
    }
}
