package dev.mediajobs.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.api.view.ViewApplier;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.redis.JobViewStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.http.HttpStatus;

class JobSubmissionServiceTests {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final SubmitJobRequest BODY = new SubmitJobRequest("simulator", null, "text-to-image",
            JobInput.ofPrompt("a cat"), Map.of(), null);
    private static final String HASH = RequestHasher.hash("simulator", null, "text-to-image", JobInput.ofPrompt("a cat"), Map.of(), null);

    private final JobRequestValidator validator = mock(JobRequestValidator.class);
    private final IdempotencyClaims claims = mock(IdempotencyClaims.class);
    private final JobViewStore view = mock(JobViewStore.class);
    private final ViewApplier applier = mock(ViewApplier.class);
    private final JobRequestPublisher requests = mock(JobRequestPublisher.class);
    private final JobEventPublisher events = mock(JobEventPublisher.class);
    private final JobSubmissionService service = new JobSubmissionService(validator, claims, view, applier, requests,
            events, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void validRequests() {
        ProviderAdapter simulator = mock(ProviderAdapter.class);
        when(simulator.id()).thenReturn("simulator");
        when(validator.validate(any())).thenReturn(new JobRequestValidator.Result(List.of(), simulator, Operation.TEXT_TO_IMAGE));
    }

    @Test
    void publishesTheRequestThenTheQueuedSnapshotThenUpdatesTheView() {
        JobSubmissionService.Submission s = service.submit("acme", BODY, null);

        assertThat(s.created()).isTrue();
        Job job = s.job();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.tenant()).isEqualTo("acme");
        assertThat(job.requestHash()).isEqualTo(HASH);
        assertThat(job.createdAt()).isEqualTo(NOW);
        InOrder order = inOrder(requests, events, applier);
        ArgumentCaptor<JobRequest> request = ArgumentCaptor.forClass(JobRequest.class);
        order.verify(requests).publish(request.capture());
        order.verify(events).publish(job);
        order.verify(applier).apply(job);
        assertThat(request.getValue().jobId()).isEqualTo(job.id());
        assertThat(request.getValue().type()).isEqualTo(JobRequest.SUBMIT);
        assertThat(request.getValue().source()).isEqualTo(JobRequest.SOURCE_REST);
        assertThat(request.getValue().requestHash()).isEqualTo(HASH);
        assertThat(request.getValue().createdAt()).isEqualTo(NOW);
    }

    @Test
    void anInvalidRequestTouchesNothing() {
        when(validator.validate(any())).thenReturn(new JobRequestValidator.Result(
                List.of(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "required")), null, Operation.TEXT_TO_IMAGE));

        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> service.submit("acme", BODY, "key-1"));

        assertThat(p.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        verifyNoInteractions(claims, requests, events, applier);
    }

    @Test
    void aKafkaFailureReleasesTheIdempotencyClaimAndPublishesNoSnapshot() {
        when(claims.claim(eq("acme"), eq("key-1"), any())).thenReturn(Optional.empty());
        when(view.find("acme", JobIds.fromIdempotencyKey("acme", "key-1"))).thenReturn(Optional.empty());
        doThrow(new RequestPublishException("down", null)).when(requests).publish(any());

        catchThrowableOfType(RequestPublishException.class, () -> service.submit("acme", BODY, "key-1"));

        verify(claims).release("acme", "key-1", new IdempotencyClaims.Claim(JobIds.fromIdempotencyKey("acme", "key-1"), HASH));
        verify(events, never()).publish(any());
    }

    @Test
    void aReplayedKeyReturnsTheSameJobOrConflicts() {
        String jobId = JobIds.fromIdempotencyKey("acme", "key-1");
        Job existing = Job.builder().id(jobId).tenant("acme").version(3).state(JobState.RUNNING).requestHash(HASH).build();
        when(view.find("acme", jobId)).thenReturn(Optional.of(existing));

        when(claims.claim(eq("acme"), eq("key-1"), any())).thenReturn(Optional.of(new IdempotencyClaims.Claim(jobId, HASH)));
        JobSubmissionService.Submission replay = service.submit("acme", BODY, "key-1");
        assertThat(replay.created()).isFalse();
        assertThat(replay.job()).isEqualTo(existing);

        when(claims.claim(eq("acme"), eq("key-1"), any())).thenReturn(Optional.of(new IdempotencyClaims.Claim(jobId, "other")));
        ApiProblem conflict = catchThrowableOfType(ApiProblem.class, () -> service.submit("acme", BODY, "key-1"));
        assertThat(conflict.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(conflict.code()).isEqualTo(ErrorCodes.IDEMPOTENCY_CONFLICT);
        verifyNoInteractions(requests, events);
    }

    @Test
    void aForgottenClaimIsRestoredFromTheView() {
        String jobId = JobIds.fromIdempotencyKey("acme", "key-1");
        Job existing = Job.builder().id(jobId).tenant("acme").version(1).state(JobState.QUEUED).requestHash(HASH).build();
        when(claims.claim(eq("acme"), eq("key-1"), any())).thenReturn(Optional.empty());
        when(view.find("acme", jobId)).thenReturn(Optional.of(existing));

        JobSubmissionService.Submission replay = service.submit("acme", BODY, "key-1");

        assertThat(replay.created()).isFalse();
        assertThat(replay.job().id()).isEqualTo(jobId);
        verify(claims).restore("acme", "key-1", new IdempotencyClaims.Claim(jobId, HASH));
        verifyNoInteractions(requests, events);
    }
}
