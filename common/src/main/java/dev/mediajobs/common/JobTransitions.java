package dev.mediajobs.common;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed moves of the lifecycle and who owns each one.
 *
 * <pre>
 * to state     owner               from
 * queued       api-service/dispatcher (first snapshot, version 1)
 * submitted    dispatcher          queued
 * running      poller              submitted
 * storing      poller              submitted, running
 * succeeded    storage             storing
 * failed       dispatcher          queued            (invalid request, no provider would take it)
 *              poller              submitted, running (provider says failed, polling gave up)
 *              storage             storing           (asset unreachable or corrupt)
 * canceled     dispatcher          queued            (canceled before submission)
 *              poller              submitted, running
 * timed_out    poller              submitted, running
 * </pre>
 */
public final class JobTransitions {

    private static final Map<JobState, Set<JobState>> ALLOWED = new EnumMap<>(JobState.class);

    static {
        ALLOWED.put(JobState.QUEUED, EnumSet.of(JobState.SUBMITTED, JobState.FAILED, JobState.CANCELED));
        ALLOWED.put(JobState.SUBMITTED, EnumSet.of(JobState.RUNNING, JobState.STORING, JobState.FAILED,
                JobState.CANCELED, JobState.TIMED_OUT));
        ALLOWED.put(JobState.RUNNING, EnumSet.of(JobState.STORING, JobState.FAILED, JobState.CANCELED,
                JobState.TIMED_OUT));
        ALLOWED.put(JobState.STORING, EnumSet.of(JobState.SUCCEEDED, JobState.FAILED));
        for (JobState terminal : EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELED, JobState.TIMED_OUT)) {
            ALLOWED.put(terminal, EnumSet.noneOf(JobState.class));
        }
    }

    private JobTransitions() {
    }

    public static boolean isAllowed(JobState from, JobState to) {
        return ALLOWED.get(from).contains(to);
    }
}
