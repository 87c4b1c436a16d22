package dev.mediajobs.dispatcher;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.redis.RedisKeys;
import java.time.Instant;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The dispatcher's record per job in Redis ({@link DispatchRecord}), which makes a submit happen at most once per job
 * id: a redelivered or duplicate request finds the record and does not pay for a second task. Entries expire after 7
 * days, long after any redelivery.
 */
public class DispatchLedger {

    static final long TTL_SECONDS = 7L * 24 * 3600;

    private final UnifiedJedis redis;

    public DispatchLedger(UnifiedJedis redis) {
        this.redis = redis;
    }

    public DispatchRecord find(String jobId) {
        return DispatchRecord.parse(redis.get(RedisKeys.dispatch(jobId)));
    }

    /**
     * {@code SET NX}, written before the provider is called: true when this caller now owns the submit of the job. The
     * record names the provider and key of the call, which is where a redelivery looks for the task when this
     * dispatcher dies before it learns the answer.
     */
    public boolean claim(String jobId, String provider, String keyId, Instant now) {
        return "OK".equals(redis.set(RedisKeys.dispatch(jobId), submitting(provider, keyId, now),
                SetParams.setParams().nx().ex(TTL_SECONDS)));
    }

    /** The owner of the claim moves on to another provider or key while the outcome of an earlier call is unknown. */
    public void resubmitting(String jobId, String provider, String keyId, Instant now) {
        put(jobId, submitting(provider, keyId, now));
    }

    private static String submitting(String provider, String keyId, Instant now) {
        return DispatchRecord.SUBMITTING + " " + provider + " " + keyId + " " + now;
    }

    /** The outcome is decided: written before the snapshot is published, so a crash cannot lose or change it. */
    public void publishing(Job snapshot) {
        put(snapshot.id(), DispatchRecord.PUBLISHING + " " + JsonCodec.toJson(snapshot));
    }

    /** The submitted snapshot is on Kafka. */
    public void submitted(String jobId, String providerTaskId, String keyId) {
        put(jobId, DispatchRecord.SUBMITTED + " " + providerTaskId + " " + keyId);
    }

    /** The job's failed or canceled snapshot is on Kafka. */
    public void closed(String jobId, JobState state) {
        put(jobId, DispatchRecord.CLOSED + " " + state.wireName());
    }

    /** Gives a claim up when it is certain that no provider task was created, so a redelivery may submit. */
    public void release(String jobId) {
        redis.del(RedisKeys.dispatch(jobId));
    }

    private void put(String jobId, String value) {
        redis.set(RedisKeys.dispatch(jobId), value, SetParams.setParams().ex(TTL_SECONDS));
    }
}
