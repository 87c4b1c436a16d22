package dev.mediajobs.api.jobs;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.support.redis.CancelRequests;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Requests a cancel: the durable cancel request goes to the requests topic first (the dispatcher cancels a queued job,
 * the poller an in-flight one), then the Redis flag that lets them notice at once. Repeating it is harmless.
 */
@Component
public class JobCancellationService {

    private static final Logger log = LoggerFactory.getLogger(JobCancellationService.class);

    private final JobLookup jobs;
    private final JobRequestPublisher requests;
    private final CancelRequests cancelRequests;
    private final Clock clock;

    public JobCancellationService(JobLookup jobs, JobRequestPublisher requests, CancelRequests cancelRequests, Clock clock) {
        this.jobs = jobs;
        this.requests = requests;
        this.cancelRequests = cancelRequests;
        this.clock = clock;
    }

    /** @return the job as it is now, with {@code cancelRequested} set */
    public Job cancel(String tenant, String jobId) {
        Job job = jobs.get(tenant, jobId);
        if (job.state().isTerminal()) {
            throw ApiProblem.conflict(ErrorCodes.JOB_ALREADY_TERMINAL,
                    "job " + job.id() + " is already " + job.state().wireName() + " and cannot be canceled");
        }
        requests.publish(JobRequest.cancel(job.id(), tenant, clock.instant()));
        cancelRequests.request(job.id());
        log.info("job {}: cancel requested by tenant {} (state {})", job.id(), tenant, job.state().wireName());
        return job.toBuilder().cancelRequested(true).build();
    }
}
