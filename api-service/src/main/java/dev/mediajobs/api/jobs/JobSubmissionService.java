package dev.mediajobs.api.jobs;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.api.uploads.InputResolver;
import dev.mediajobs.api.view.ViewApplier;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.redis.JobViewStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a job: validate (nothing reaches Kafka if invalid), settle the Idempotency-Key, publish the request and then
 * the version-1 {@code queued} snapshot (in that order, so a crash in between never leaves a queued job without a
 * request), and put the snapshot into the view so that an immediate GET finds it.
 */
public class JobSubmissionService {

    private static final Logger log = LoggerFactory.getLogger(JobSubmissionService.class);

    /** @param created false when an Idempotency-Key replay returned the existing job */
    public record Submission(Job job, boolean created) {
    }

    private final JobRequestValidator validator;
    private final IdempotencyClaims claims;
    private final JobViewStore view;
    private final ViewApplier viewApplier;
    private final JobRequestPublisher requests;
    private final JobEventPublisher events;
    private final Clock clock;
    private final InputResolver inputs;

    public JobSubmissionService(JobRequestValidator validator, IdempotencyClaims claims, JobViewStore view,
                                ViewApplier viewApplier, JobRequestPublisher requests, JobEventPublisher events,
                                Clock clock) {
        this(validator, claims, view, viewApplier, requests, events, clock, InputResolver.NONE);
    }

    /** @param inputs turns {@code upload:} and {@code data:} inputs into URLs and checks http(s) ones */
    public JobSubmissionService(JobRequestValidator validator, IdempotencyClaims claims, JobViewStore view,
                                ViewApplier viewApplier, JobRequestPublisher requests, JobEventPublisher events,
                                Clock clock, InputResolver inputs) {
        this.validator = validator;
        this.claims = claims;
        this.view = view;
        this.viewApplier = viewApplier;
        this.requests = requests;
        this.events = events;
        this.clock = clock;
        this.inputs = inputs;
    }

    /**
     * @param idempotencyKey the client's key, already checked for length, or null
     * @throws ApiProblem 422 when invalid, 409 when the key was used for another request, 503 when Kafka is down
     */
    public Submission submit(String tenant, SubmitJobRequest body, String idempotencyKey) {
        Instant now = clock.instant();
        JobInput input = body.input() == null ? JobInput.ofPrompt(null) : body.input();
        Map<String, Object> options = body.options() == null ? Map.of() : body.options();
        // before validation, which accepts only http(s) URLs; the S3 writes it needs wait until the request is valid
        InputResolver.Resolution resolution = inputs.resolve(tenant, input);
        JobRequestValidator.Result validation = validator.validate(new JobRequest(JobRequest.SUBMIT, null, tenant, null,
                body.provider(), body.model(), body.operation(), resolution.input(), options, body.webhookUrl(),
                idempotencyKey, null, JobRequest.SOURCE_REST, now));
        if (!validation.isValid()) {
            throw ApiProblem.validation(validation.errors());
        }
        Operation operation = validation.operation();
        // the client's input, not the resolved one: presigned URLs differ on every call, a replay must still match
        String requestHash = RequestHasher.hash(body.provider(), body.model(), operation.wireName(), input, options,
                body.webhookUrl());
        Job job = Job.builder()
                .tenant(tenant)
                .version(1)
                .state(JobState.QUEUED)
                .provider(validation.provider().id())
                .model(body.model())
                .operation(operation)
                .input(resolution.input())
                .options(options)
                .webhookUrl(body.webhookUrl())
                .idempotencyKey(idempotencyKey)
                .requestHash(requestHash)
                .source(JobRequest.SOURCE_REST)
                .createdAt(now)
                .updatedAt(now)
                .id(idempotencyKey == null ? JobIds.random() : JobIds.fromIdempotencyKey(tenant, idempotencyKey))
                .build();
        if (idempotencyKey == null) {
            return new Submission(publish(job, resolution), true);
        }

        IdempotencyClaims.Claim ours = new IdempotencyClaims.Claim(job.id(), requestHash);
        Optional<IdempotencyClaims.Claim> held = claims.claim(tenant, idempotencyKey, ours);
        if (held.isPresent()) {
            return replay(tenant, held.get(), requestHash);
        }
        // We won the claim, but Redis may merely have forgotten an earlier one (flushed, failed over) while the view
        // (rebuilt from Kafka) still holds the job this key names.
        Optional<Job> known = view.find(tenant, job.id());
        if (known.isPresent()) {
            claims.restore(tenant, idempotencyKey, new IdempotencyClaims.Claim(job.id(), String.valueOf(known.get().requestHash())));
            return replayOf(known.get(), requestHash);
        }
        try {
            return new Submission(publish(job, resolution), true);
        } catch (RuntimeException e) {
            releaseQuietly(tenant, idempotencyKey, ours);
            throw e;
        }
    }

    private Job publish(Job job, InputResolver.Resolution resolution) {
        resolution.commit(); // the inline inputs the request's URLs point at exist before anyone can fetch them
        requests.publish(new JobRequest(JobRequest.SUBMIT, job.id(), job.tenant(), null, job.provider(), job.model(),
                job.operation().wireName(), job.input(), job.options(), job.webhookUrl(), job.idempotencyKey(),
                job.requestHash(), JobRequest.SOURCE_REST, job.createdAt()));
        events.publish(job);
        try {
            viewApplier.apply(job);
        } catch (RuntimeException e) {
            // the job is on Kafka; the view projection will apply the same snapshot from the events topic
            log.warn("job {}: queued, but the view could not be updated right away: {}", job.id(), e.toString());
        }
        log.info("job {} queued for tenant {} (provider {}, operation {}{})", job.id(), job.tenant(), job.provider(),
                job.operation().wireName(), job.idempotencyKey() == null ? "" : ", with an Idempotency-Key");
        return job;
    }

    private Submission replay(String tenant, IdempotencyClaims.Claim held, String requestHash) {
        if (!held.requestHash().equals(requestHash)) {
            throw conflict();
        }
        Optional<Job> existing = view.find(tenant, held.jobId());
        if (existing.isEmpty()) {
            // the first request with this key is still being published (or failed and will release the key)
            throw ApiProblem.conflict(ErrorCodes.IDEMPOTENCY_CONFLICT,
                    "a request with this Idempotency-Key is still being processed; retry shortly")
                    .withHeader("Retry-After", "1");
        }
        return replayOf(existing.get(), requestHash);
    }

    private static Submission replayOf(Job existing, String requestHash) {
        if (!requestHash.equals(existing.requestHash())) {
            throw conflict();
        }
        return new Submission(existing, false);
    }

    private static ApiProblem conflict() {
        return ApiProblem.conflict(ErrorCodes.IDEMPOTENCY_CONFLICT,
                "this Idempotency-Key was already used with a different request; use a new key for a new request");
    }

    private void releaseQuietly(String tenant, String idempotencyKey, IdempotencyClaims.Claim ours) {
        try {
            claims.release(tenant, idempotencyKey, ours);
        } catch (RuntimeException e) {
            log.warn("could not release an Idempotency-Key claim of tenant {} (it expires by itself): {}", tenant, e.toString());
        }
    }
}
