package dev.mediajobs.support.redis;

/**
 * Every Redis key mediajobs uses, in one place. Redis is a cache of what Kafka holds: any of these may vanish and is
 * rebuilt from the compacted state topic (docs/architecture.md).
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    /** Hash: {@code version}, {@code state}, {@code terminal}, {@code json} — the API's view of one job. */
    public static String job(String jobId) {
        return "mj:job:" + jobId;
    }

    /** Sorted set of a tenant's job ids by creation time (epoch millis): listing and paging. */
    public static String tenantJobs(String tenant) {
        return "mj:tenant:" + tenant + ":jobs";
    }

    /** String {@code jobId requestHash}: an Idempotency-Key claimed by a tenant. */
    public static String idempotencyKey(String tenant, String keyHash) {
        return "mj:idem:" + tenant + ":" + keyHash;
    }

    /** String: a cancel was requested for this job. */
    public static String cancelRequested(String jobId) {
        return "mj:cancel:" + jobId;
    }

    /**
     * String: the dispatcher's submission record of a job: {@code submitting <keyId> <since>} (claimed before the
     * provider call), {@code publishing <snapshot>} (outcome known, not yet acknowledged by Kafka), then
     * {@code submitted <taskId> <keyId>} or {@code closed <state>}. See the dispatcher's {@code DispatchLedger}.
     */
    public static String dispatch(String jobId) {
        return "mj:dispatch:" + jobId;
    }

    /** Sorted set: job ids of in-flight provider tasks by next poll due time (epoch millis). */
    public static final String POLL_DUE = "mj:poll:due";

    /** Hash: provider id to the number of its tasks the poller tracks as in flight (kept by the poll schedule). */
    public static final String POLL_INFLIGHT = "mj:poll:inflight";

    /** Hash: job id to lease end of the poll tasks a poller has claimed right now (who polls is in flight). */
    public static final String POLL_LEASES = "mj:poll:leases";

    /**
     * String: a provider called back for this job's task; the next poll is due at once (set by the api-service's
     * callback endpoint, consumed by the poller).
     */
    public static String pollNudge(String jobId) {
        return "mj:poll:nudge:" + jobId;
    }

    /** String: the poller's task record (the job snapshot and poll bookkeeping). */
    public static String pollTask(String jobId) {
        return "mj:poll:task:" + jobId;
    }


    /** Marker set once the API view has been rebuilt from Kafka; its absence means Redis was wiped. */
    public static final String VIEW_READY = "mj:view:ready";

    /** Marker set once the poll schedule has been rebuilt from Kafka. */
    public static final String POLL_READY = "mj:poll:ready";
}
