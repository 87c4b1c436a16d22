package dev.mediajobs.api.jobs;

import dev.mediajobs.api.auth.AuthenticatedTenant;
import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.support.redis.JobViewStore;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/jobs}: submit, read, list and cancel the authenticated tenant's jobs. */
@RestController
@RequestMapping("/v1/jobs")
public class JobController {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY_CHARS = 200;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final SubmitRequestReader reader;
    private final JobSubmissionService submissions;
    private final JobCancellationService cancellations;
    private final JobLookup jobs;
    private final JobViewStore view;
    private final JobResponses responses;

    public JobController(SubmitRequestReader reader, JobSubmissionService submissions,
                         JobCancellationService cancellations, JobLookup jobs, JobViewStore view,
                         JobResponses responses) {
        this.reader = reader;
        this.submissions = submissions;
        this.cancellations = cancellations;
        this.jobs = jobs;
        this.view = view;
        this.responses = responses;
    }

    /** 202 with the new job; 200 with the existing one when an Idempotency-Key is replayed with the same request. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobResponse> submit(AuthenticatedTenant tenant,
                                              @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                              HttpServletRequest request) throws IOException {
        checkIdempotencyKey(idempotencyKey);
        // the body is read here rather than by a message converter: bounded, strictly typed, errors naming the field
        SubmitJobRequest body = reader.read(request.getInputStream(), request.getContentLengthLong());
        JobSubmissionService.Submission submission = submissions.submit(tenant.id(), body, idempotencyKey);
        Job job = submission.job();
        return ResponseEntity.status(submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/v1/jobs/" + job.id()))
                .body(responses.toResponse(job, jobs.isCancelRequested(job)));
    }

    @GetMapping("/{id}")
    public JobResponse get(AuthenticatedTenant tenant, @PathVariable String id) {
        Job job = jobs.get(tenant.id(), id);
        return responses.toResponse(job, jobs.isCancelRequested(job));
    }

    /** Newest first; {@code cursor} is the {@code nextCursor} of the previous page. */
    @GetMapping
    public JobListResponse list(AuthenticatedTenant tenant,
                                @RequestParam(required = false) String state,
                                @RequestParam(required = false) String provider,
                                @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String cursor) {
        JobState wantedState = parseState(state);
        int pageSize = parseLimit(limit);
        Predicate<Job> filter = job -> (wantedState == null || job.state() == wantedState)
                && (provider == null || provider.isEmpty() || provider.equals(job.provider()));
        JobViewStore.Page page;
        try {
            page = view.list(tenant.id(), filter, cursor, pageSize);
        } catch (IllegalArgumentException e) {
            // the only argument list() rejects is a cursor it did not issue
            throw ApiProblem.badParameter("cursor", ErrorCodes.FIELD_INVALID, "cursor is not one this API returned");
        }
        return new JobListResponse(page.jobs().stream().map(responses::toResponse).toList(), page.nextCursor());
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<JobResponse> cancel(AuthenticatedTenant tenant, @PathVariable String id) {
        Job job = cancellations.cancel(tenant.id(), id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(responses.toResponse(job, true));
    }

    private static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiProblem.badParameter(IDEMPOTENCY_KEY, ErrorCodes.FIELD_INVALID,
                    "Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY_CHARS + " characters without control characters");
        }
    }

    private static JobState parseState(String state) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        try {
            return JobState.fromWire(state);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter("state", ErrorCodes.FIELD_INVALID, "state must be one of "
                    + Arrays.stream(JobState.values()).map(JobState::wireName).toList());
        }
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badParameter("limit", ErrorCodes.FIELD_INVALID, "limit must be an integer 1-" + MAX_LIMIT);
    }
}
