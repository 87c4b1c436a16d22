package dev.mediajobs.api.jobs;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.support.redis.CancelRequests;
import dev.mediajobs.support.redis.JobViewStore;
import org.springframework.stereotype.Component;

/**
 * Finds a tenant's job in the view. Another tenant's job and a malformed id are both simply "not found": the answer
 * never tells whether a job id exists elsewhere.
 */
@Component
public class JobLookup {

    private final JobViewStore view;
    private final CancelRequests cancelRequests;

    public JobLookup(JobViewStore view, CancelRequests cancelRequests) {
        this.view = view;
        this.cancelRequests = cancelRequests;
    }

    /** @throws ApiProblem 404 */
    public Job get(String tenant, String jobId) {
        if (!JobIds.isValid(jobId)) {
            throw notFound();
        }
        return view.find(tenant, jobId).orElseThrow(JobLookup::notFound);
    }

    /**
     * Whether a cancel was requested: the snapshot says so once the dispatcher or poller acted on it; until then the
     * Redis flag this API set does.
     */
    public boolean isCancelRequested(Job job) {
        return job.cancelRequested() || (!job.state().isTerminal() && cancelRequests.isRequested(job.id()));
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("no such job");
    }
}
