package dev.mediajobs.api.uploads;

import dev.mediajobs.common.JobInput;
import java.util.List;

/**
 * Turns a submitted job input into one providers can use: {@code upload:<id>} and {@code data:} entries of
 * {@code input.imageUrls} become presigned URLs, http(s) URLs are checked against the outbound policy. Runs before
 * the request is validated (the validator accepts only http(s) URLs) and before anything is published.
 */
public interface InputResolver {

    /** Leaves every input as it is: for services and tests without uploads. */
    InputResolver NONE = (tenant, input) -> Resolution.unchanged(input);

    /**
     * @throws dev.mediajobs.api.problem.ApiProblem 422 naming {@code input.imageUrls[i]} for an entry that cannot be
     *                                              used, 503 when S3 does not answer
     */
    Resolution resolve(String tenant, JobInput input);

    /**
     * The resolved input, and the S3 writes it still depends on. They are done by {@link #commit()} only once the
     * request is known to be valid, so a refused request leaves no object behind.
     */
    record Resolution(JobInput input, List<Runnable> pendingWrites) {

        public Resolution {
            pendingWrites = List.copyOf(pendingWrites);
        }

        public static Resolution unchanged(JobInput input) {
            return new Resolution(input, List.of());
        }

        /** Performs the pending writes; call before the request is published, so its URLs point at real objects. */
        public void commit() {
            pendingWrites.forEach(Runnable::run);
        }
    }
}
