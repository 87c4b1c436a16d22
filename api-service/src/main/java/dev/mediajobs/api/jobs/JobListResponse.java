package dev.mediajobs.api.jobs;

import java.util.List;

/** One page of {@code GET /v1/jobs}; {@code nextCursor} is null on the last page. */
public record JobListResponse(List<JobResponse> items, String nextCursor) {
}
