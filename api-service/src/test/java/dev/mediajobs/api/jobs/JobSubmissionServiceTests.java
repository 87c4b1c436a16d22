package dev.mediajobs.api.jobs;

import dev.mediajobs.support.testing.TestTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.api.view.ViewApplier;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.config.ProvidersProperties;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.config.MediajobsKafkaProperties;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.metrics.JobMetrics;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.redis.RedisKeys;
import dev.mediajobs.support.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link JobSubmissionService} with its real collaborators: the validator over a registry holding the simulator's
 * adapter, Idempotency-Key claims and the job view in the test Redis, the request and event publishers on topics of
 * the test's own on the test Kafka, read back to see what was published. Kafka being down is a producer pointed at a
 * closed port.
 */
class JobSubmissionServiceTests {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SubmitJobRequest BODY = new SubmitJobRequest("simulator", null, "text-to-image",
            JobInput.ofPrompt("a cat"), Map.of(), null);
    private static final String HASH = RequestHasher.hash("simulator", null, "text-to-image", JobInput.ofPrompt("a cat"), Map.of(), null);

    private static UnifiedJedis redis;
    private static DefaultKafkaProducerFactory<String, String> producers;
    private static KafkaTemplate<String, String> kafka;

    /** A tenant of this test's own, so that claims and view entries of other tests never meet its own. */
    private final String tenant = "acme-" + JobIds.random().substring(0, 8);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DefaultKafkaProducerFactory<String, String> unreachable;
    private TestTopics topics;
    private IdempotencyClaims claims;
    private JobViewStore view;
    private JobSubmissionService service;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
        producers = TestTopics.producers();
        kafka = new KafkaTemplate<>(producers);
    }

    @AfterAll
    static void disconnect() {
        producers.destroy();
        redis.close();
    }

    @BeforeEach
    void setUp() {
        topics = TestTopics.create();
        claims = new IdempotencyClaims(redis, Duration.ofMinutes(5));
        view = new JobViewStore(redis);
        service = service(kafka, kafka);
    }

    @AfterEach
    void tearDown() {
        topics.close();
        if (unreachable != null) {
            unreachable.destroy();
        }
    }

    /** The service as the api-service wires it, publishing requests and snapshots through the given producers. */
    private JobSubmissionService service(KafkaTemplate<String, String> requestProducer,
                                         KafkaTemplate<String, String> eventProducer) {
        MediajobsKafkaProperties properties = topics.properties();
        JobRequestValidator validator = new JobRequestValidator(new ProviderRegistry(
                List.of(new SimulatorProviderAdapter(new ProviderSettings())), new ProvidersProperties()));
        return new JobSubmissionService(validator, claims, view, new ViewApplier(view, meters),
                new JobRequestPublisher(requestProducer, properties),
                new JobEventPublisher(eventProducer, properties, new JobMetrics(meters), "api-service", CLOCK), CLOCK);
    }

    private KafkaTemplate<String, String> unreachableKafka() {
        unreachable = TestTopics.unreachableProducers();
        return new KafkaTemplate<>(unreachable);
    }

    @Test
    void publishesTheRequestAndTheQueuedSnapshotAndUpdatesTheView() {
        JobSubmissionService.Submission s = service.submit(tenant, BODY, null);

        assertThat(s.created()).isTrue();
        Job job = s.job();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.tenant()).isEqualTo(tenant);
        assertThat(job.provider()).isEqualTo("simulator");
        assertThat(job.operation()).isEqualTo(Operation.TEXT_TO_IMAGE);
        assertThat(job.requestHash()).isEqualTo(HASH);
        assertThat(job.createdAt()).isEqualTo(NOW);

        List<ConsumerRecord<String, String>> requestRecords = topics.records(requestsTopic());
        assertThat(requestRecords).singleElement().extracting(ConsumerRecord::key).isEqualTo(job.id());
        JobRequest request = topics.values(requestsTopic(), JobRequest.class).getFirst();
        assertThat(request.jobId()).isEqualTo(job.id());
        assertThat(request.tenant()).isEqualTo(tenant);
        assertThat(request.type()).isEqualTo(JobRequest.SUBMIT);
        assertThat(request.source()).isEqualTo(JobRequest.SOURCE_REST);
        assertThat(request.requestHash()).isEqualTo(HASH);
        assertThat(request.createdAt()).isEqualTo(NOW);

        // the queued snapshot, exactly the job returned: as an event and on the state topic
        assertThat(topics.records(eventsTopic())).singleElement().extracting(ConsumerRecord::key).isEqualTo(job.id());
        JobEvent event = topics.values(eventsTopic(), JobEvent.class).getFirst();
        assertThat(event.job()).isEqualTo(job);
        assertThat(event.id()).isEqualTo(job.eventId());
        assertThat(event.emittedBy()).isEqualTo("api-service");
        assertThat(topics.values(stateTopic(), Job.class)).containsExactly(job);
        assertThat(topics.records(topics.properties().getTopics().getCompletions())).isEmpty();

        // and the view holds it, so that an immediate GET finds it
        assertThat(view.find(tenant, job.id())).contains(job);
        assertThat(meters.get("mediajobs.api.view.applied").tag("state", "queued").counter().count()).isEqualTo(1);
    }

    @Test
    void anInvalidRequestTouchesNothing() {
        SubmitJobRequest withoutPrompt = new SubmitJobRequest("simulator", null, "text-to-image", JobInput.ofPrompt(null),
                Map.of(), null);

        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> service.submit(tenant, withoutPrompt, "key-1"));

        assertThat(p.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(p.errors()).extracting(FieldError::field, FieldError::code)
                .contains(tuple("input.prompt", ErrorCodes.FIELD_REQUIRED));
        assertThat(redis.exists(claimKey("key-1"))).as("no Idempotency-Key claim").isFalse();
        assertNothingPublished();
        assertThat(view.find(tenant, JobIds.fromIdempotencyKey(tenant, "key-1"))).isEmpty();
        assertThat(meters.find("mediajobs.api.view.applied").counter()).isNull();
    }

    /**
     * The request goes out first: when Kafka refuses it, no queued snapshot exists (there is no queued job without a
     * request), the view has nothing, and the key is free again for the client's retry.
     */
    @Test
    void aKafkaFailureReleasesTheIdempotencyClaimAndPublishesNoSnapshot() {
        JobSubmissionService down = service(unreachableKafka(), kafka);
        String jobId = JobIds.fromIdempotencyKey(tenant, "key-1");

        assertThatThrownBy(() -> down.submit(tenant, BODY, "key-1")).isInstanceOf(RequestPublishException.class);

        assertThat(topics.records(eventsTopic())).as("no queued snapshot event").isEmpty();
        assertThat(topics.records(stateTopic())).as("no queued snapshot").isEmpty();
        assertThat(view.find(tenant, jobId)).isEmpty();
        // released with our own claim: the release deletes the key only when it still holds exactly that claim
        assertThat(redis.exists(claimKey("key-1"))).as("the claim is released").isFalse();

        JobSubmissionService.Submission retry = service.submit(tenant, BODY, "key-1");
        assertThat(retry.created()).as("the client's retry is accepted").isTrue();
        assertThat(retry.job().id()).isEqualTo(jobId);
        assertThat(claims.claim(tenant, "key-1", new IdempotencyClaims.Claim("another-job", "another-hash")))
                .contains(new IdempotencyClaims.Claim(jobId, HASH));
    }

    /** The view is updated only after the snapshot is on Kafka, which comes after the request. */
    @Test
    void whenTheSnapshotCannotBePublishedTheRequestIsOutButTheViewIsUntouched() {
        JobSubmissionService eventsDown = service(kafka, unreachableKafka());

        // a send that cannot even get the topic's metadata fails inside KafkaTemplate.send, not in its future
        assertThatThrownBy(() -> eventsDown.submit(tenant, BODY, null))
                .isInstanceOfAny(JobEventPublisher.EventPublishException.class, KafkaException.class);

        List<JobRequest> requests = topics.values(requestsTopic(), JobRequest.class);
        assertThat(requests).singleElement().extracting(JobRequest::tenant).isEqualTo(tenant);
        assertThat(view.find(tenant, requests.getFirst().jobId())).isEmpty();
        assertThat(meters.find("mediajobs.api.view.applied").counter()).isNull();
    }

    @Test
    void aReplayedKeyReturnsTheSameJobOrConflicts() {
        String jobId = JobIds.fromIdempotencyKey(tenant, "key-1");
        Job existing = Job.builder().id(jobId).tenant(tenant).version(3).state(JobState.RUNNING).requestHash(HASH)
                .createdAt(NOW.minusSeconds(30)).build();
        assertThat(view.apply(existing)).isTrue();
        assertThat(claims.claim(tenant, "key-1", new IdempotencyClaims.Claim(jobId, HASH))).isEmpty();

        JobSubmissionService.Submission replay = service.submit(tenant, BODY, "key-1");
        assertThat(replay.created()).isFalse();
        assertThat(replay.job()).isEqualTo(existing);

        // the same key, now held by a different request
        claims.restore(tenant, "key-1", new IdempotencyClaims.Claim(jobId, "other"));
        ApiProblem conflict = catchThrowableOfType(ApiProblem.class, () -> service.submit(tenant, BODY, "key-1"));
        assertThat(conflict.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(conflict.code()).isEqualTo(ErrorCodes.IDEMPOTENCY_CONFLICT);

        assertNothingPublished();
        assertThat(view.find(tenant, jobId)).contains(existing);
    }

    @Test
    void aForgottenClaimIsRestoredFromTheView() {
        String jobId = JobIds.fromIdempotencyKey(tenant, "key-1");
        Job existing = Job.builder().id(jobId).tenant(tenant).version(1).state(JobState.QUEUED).requestHash(HASH)
                .createdAt(NOW.minusSeconds(30)).build();
        assertThat(view.apply(existing)).isTrue();
        assertThat(redis.exists(claimKey("key-1"))).as("Redis forgot the claim").isFalse();

        JobSubmissionService.Submission replay = service.submit(tenant, BODY, "key-1");

        assertThat(replay.created()).isFalse();
        assertThat(replay.job().id()).isEqualTo(jobId);
        // the claim is back, naming the job the view knows, and expires like any other
        assertThat(claims.claim(tenant, "key-1", new IdempotencyClaims.Claim("another-job", "another-hash")))
                .contains(new IdempotencyClaims.Claim(jobId, HASH));
        assertThat(redis.ttl(claimKey("key-1"))).isPositive();
        assertNothingPublished();
    }

    private void assertNothingPublished() {
        assertThat(topics.records(requestsTopic())).as("requests").isEmpty();
        assertThat(topics.records(eventsTopic())).as("events").isEmpty();
        assertThat(topics.records(stateTopic())).as("state").isEmpty();
    }

    private String claimKey(String idempotencyKey) {
        return RedisKeys.idempotencyKey(tenant, Hashing.sha256Hex(idempotencyKey));
    }

    private String requestsTopic() {
        return topics.properties().getTopics().getRequests();
    }

    private String eventsTopic() {
        return topics.properties().getTopics().getEvents();
    }

    private String stateTopic() {
        return topics.properties().getTopics().getState();
    }
}
