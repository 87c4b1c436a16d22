package dev.mediajobs.storage.jobs;

import dev.mediajobs.support.testing.TestTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.storage.archive.AssetArchiver;
import dev.mediajobs.storage.archive.DownloadSettings;
import dev.mediajobs.storage.archive.StorageUnavailableException;
import dev.mediajobs.storage.testing.GeneratedBytes;
import dev.mediajobs.storage.testing.TestAssetServer;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.metrics.JobMetrics;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.s3.AssetKeys;
import dev.mediajobs.support.testing.FreePorts;
import dev.mediajobs.support.testing.TestKafka;
import dev.mediajobs.support.testing.TestRedis;
import dev.mediajobs.support.testing.TestS3;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link StoringJobProcessor} with its real collaborators: the {@link AssetArchiver} downloading from a local HTTP
 * source into the test S3, the job view in the test Redis, and the {@link JobEventPublisher} on topics of the test's
 * own on the test Kafka, read back to see what was published.
 */
class StoringJobProcessorTests {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String BUCKET = "storing-processor-tests";
    private static final String TENANT = "acme";

    private static MinioClient s3;
    private static HttpClient http;
    private static AssetArchiver archiver;
    private static UnifiedJedis redis;
    private static DefaultKafkaProducerFactory<String, String> producers;
    private static KafkaTemplate<String, String> kafka;

    /** A job of this test's own, so that its objects, view entry and records never meet another test's. */
    private final String jobId = JobIds.random();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestAssetServer source;
    private TestTopics topics;
    private JobViewStore views;
    private JobEventPublisher publisher;
    private StoringJobProcessor processor;
    private Job storing;

    @BeforeAll
    static void connect() throws Exception {
        // S3Mock is a process of its own: let Kafka and Redis start meanwhile
        CompletableFuture<Void> kafkaAndRedis = CompletableFuture.runAsync(() -> {
            TestKafka.bootstrapServers();
            TestRedis.url();
        });
        String endpoint = TestS3.endpoint();
        kafkaAndRedis.join();
        s3 = MinioClient.builder().endpoint(endpoint).region("us-east-1")
                .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY).build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NORMAL).build();
        archiver = archiver(BUCKET);
        redis = RedisClient.create(URI.create(TestRedis.url()));
        producers = TestTopics.producers();
        kafka = new KafkaTemplate<>(producers);
    }

    @AfterAll
    static void disconnect() {
        producers.destroy();
        redis.close();
        http.close();
    }

    @BeforeEach
    void setUp() {
        source = TestAssetServer.start();
        topics = TestTopics.create();
        views = new JobViewStore(redis);
        publisher = new JobEventPublisher(kafka, topics.properties(), new JobMetrics(registry), "storage-service", CLOCK);
        processor = processor(archiver, views);
        storing = Job.builder().id(jobId).tenant(TENANT).version(4).state(JobState.STORING).provider("simulator")
                .providerAssets(List.of(ProviderAsset.ofUrl(source.url(path(0))), ProviderAsset.ofUrl(source.url(path(1)))))
                .createdAt(NOW.minusSeconds(60)).build();
    }

    @AfterEach
    void tearDown() {
        topics.close();
        source.close();
    }

    private static AssetArchiver archiver(String bucket) {
        return new AssetArchiver(http, s3, bucket, new DownloadSettings(2, Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
    }

    private StoringJobProcessor processor(AssetArchiver assets, JobViewStore jobViews) {
        return new StoringJobProcessor(assets, publisher, jobViews, new StorageMetrics(registry), CLOCK);
    }

    /** Asset {@code index}: {@code 100 + index} bytes of PNG from the source. */
    private static String path(int index) {
        return "/bytes/" + index + "/" + (100 + index);
    }

    private static GeneratedBytes bytes(int index) {
        return new GeneratedBytes(index, 100 + index);
    }

    private String url(int index) {
        return source.url(path(index) + "?type=image/png");
    }

    private StoredAsset stored(int index) {
        return new StoredAsset(index, BUCKET, AssetKeys.objectKey(TENANT, jobId, index, "image/png"), "image/png",
                100 + index, bytes(index).sha256(), null);
    }

    private Job storingPngs() {
        return storing.toBuilder().providerAssets(List.of(ProviderAsset.ofUrl(url(0)), ProviderAsset.ofUrl(url(1)))).build();
    }

    @Test
    void ignoresEveryOtherState() throws Exception {
        for (JobState state : JobState.values()) {
            if (state != JobState.STORING) {
                processor.process(storing.toBuilder().state(state).build());
            }
        }

        assertThat(source.requestCount(path(0)) + source.requestCount(path(1))).as("downloads").isZero();
        assertThat(objectsOfTheJob()).isEmpty();
        assertNothingPublished();
    }

    @Test
    void publishesSucceededWithTheStoredAssetsInOrder() throws Exception {
        processor.process(storingPngs());

        Job published = published();
        assertThat(published.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(published.version()).isEqualTo(5);
        assertThat(published.completedAt()).isEqualTo(NOW);
        assertThat(published.assets()).containsExactly(stored(0), stored(1));
        for (int index = 0; index < 2; index++) {
            assertThat(s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(stored(index).key()).build()).size())
                    .isEqualTo(100 + index);
        }
        assertThat(registry.get("mediajobs.storage.bytes").tag("provider", "simulator").counter().count()).isEqualTo(201);
        assertThat(registry.get("mediajobs.storage.assets").tags("provider", "simulator", "outcome", "stored").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("mediajobs.storage.duration").tag("provider", "simulator").timer().count()).isEqualTo(2);
    }

    @Test
    void anUnusableAssetFailsTheJobAndRemovesWhatWasStoredBefore() throws Exception {
        String gone = source.url("/status/404");
        processor.process(storing.toBuilder()
                .providerAssets(List.of(ProviderAsset.ofUrl(url(0)), ProviderAsset.ofUrl(gone))).build());

        assertThat(registry.get("mediajobs.storage.assets").tags("outcome", "stored").counter().count())
                .as("asset 0 was stored first").isEqualTo(1);
        assertThat(objectsOfTheJob()).as("and then removed").isEmpty();
        assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(stored(0).key()).build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
        Job published = published();
        assertThat(published.state()).isEqualTo(JobState.FAILED);
        assertThat(published.version()).isEqualTo(5);
        assertThat(published.assets()).isEmpty();
        assertThat(published.error().code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
        assertThat(published.error().message()).isEqualTo("asset 1 (" + gone + "): HTTP 404");
        assertThat(published.error().provider()).isEqualTo("simulator");
        assertThat(published.error().retryable()).isTrue();
        assertThat(registry.get("mediajobs.storage.assets").tags("outcome", ErrorCodes.ASSET_UNREACHABLE).counter().count())
                .isEqualTo(1);
    }

    @Test
    void s3TroubleEscapesWithoutPublishing() {
        // S3 answers, but every store fails: the bucket is not there
        StoringJobProcessor withoutBucket = processor(archiver("missing-" + JobIds.random().substring(0, 8)), views);

        assertThatThrownBy(() -> withoutBucket.process(storingPngs())).isInstanceOf(StorageUnavailableException.class);

        assertNothingPublished();
        assertThat(source.requestCount(path(1))).as("asset 1 is not even tried").isZero();
        assertThat(registry.get("mediajobs.storage.assets").tags("outcome", "storage_unavailable").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRedeliveryOfAJobAlreadyFinishedIsSkipped() throws Exception {
        assertThat(views.apply(storing.transitionTo(JobState.SUCCEEDED, NOW))).isTrue();

        processor.process(storing);

        assertThat(source.requestCount(path(0)) + source.requestCount(path(1))).as("downloads").isZero();
        assertThat(objectsOfTheJob()).isEmpty();
        assertNothingPublished();
    }

    @Test
    void storesWhenTheViewIsOlderOrRedisIsDown() {
        assertThat(views.apply(storing.toBuilder().version(3).state(JobState.RUNNING).build())).isTrue();
        processor.process(storingPngs());

        try (UnifiedJedis down = RedisClient.create(URI.create("redis://127.0.0.1:" + FreePorts.next()))) {
            JobViewStore unreachable = new JobViewStore(down);
            assertThatThrownBy(() -> unreachable.find(jobId)).as("Redis is down").isInstanceOf(RuntimeException.class);
            processor(archiver, unreachable).process(storingPngs());
        }

        assertThat(topics.values(stateTopic(), Job.class)).hasSize(2)
                .allSatisfy(job -> {
                    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
                    assertThat(job.assets()).containsExactly(stored(0), stored(1));
                });
        assertThat(source.requestCount(path(0))).as("asset 0 downloaded each time").isEqualTo(2);
    }

    @Test
    void aJobWithoutAssetsSucceedsWithNone() {
        processor.process(storing.toBuilder().providerAssets(List.of()).build());

        Job published = published();
        assertThat(published.assets()).isEmpty();
        assertThat(published.state()).isEqualTo(JobState.SUCCEEDED);
    }

    /**
     * The one snapshot published: on the state topic, and as the event on the events and (terminal) completions
     * topics.
     */
    private Job published() {
        List<Job> snapshots = topics.values(stateTopic(), Job.class);
        assertThat(snapshots).hasSize(1);
        Job job = snapshots.getFirst();
        assertThat(job.id()).isEqualTo(jobId);
        assertThat(topics.values(topics.properties().getTopics().getEvents(), JobEvent.class))
                .singleElement().extracting(JobEvent::job).isEqualTo(job);
        assertThat(topics.values(topics.properties().getTopics().getCompletions(), JobEvent.class))
                .singleElement().extracting(JobEvent::job).isEqualTo(job);
        return job;
    }

    private void assertNothingPublished() {
        assertThat(topics.records(topics.properties().getTopics().getEvents())).as("events").isEmpty();
        assertThat(topics.records(stateTopic())).as("state").isEmpty();
        assertThat(topics.records(topics.properties().getTopics().getCompletions())).as("completions").isEmpty();
    }

    private String stateTopic() {
        return topics.properties().getTopics().getState();
    }

    private List<String> objectsOfTheJob() {
        return StreamSupport.stream(s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET)
                        .prefix("tenants/" + TENANT + "/jobs/" + jobId + "/").recursive(true).build()).spliterator(), false)
                .map(r -> {
                    try {
                        return r.get().objectName();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
