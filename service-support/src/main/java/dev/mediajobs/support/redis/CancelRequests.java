package dev.mediajobs.support.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Fast flags for "cancel requested". The durable record is the cancel message on the requests topic; the flag lets
 * the dispatcher skip a queued job and the poller cancel an in-flight task at its next look.
 */
public class CancelRequests {

    private static final long TTL_SECONDS = 7 * 24 * 3600;

    private final UnifiedJedis redis;

    public CancelRequests(UnifiedJedis redis) {
        this.redis = redis;
    }

    public void request(String jobId) {
        redis.set(RedisKeys.cancelRequested(jobId), "1", SetParams.setParams().ex(TTL_SECONDS));
    }

    public boolean isRequested(String jobId) {
        return redis.exists(RedisKeys.cancelRequested(jobId));
    }
}
