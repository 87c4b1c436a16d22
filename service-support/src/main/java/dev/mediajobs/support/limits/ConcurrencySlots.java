package dev.mediajobs.support.limits;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Leased concurrency slots in Redis: one sorted set per scope of the jobs whose tasks are in flight, scored by the
 * end of their lease (Redis time, epoch millis). A slot is taken by the dispatcher before it submits, kept alive by
 * the poller each time it reschedules the task, and given back when the poller sees the task end. A slot whose holder
 * vanished (a dispatcher that died mid-submit, every poller down) is not leaked: its lease runs out and the next
 * acquire sweeps it away.
 *
 * <p>Taking a slot again for the same job only renews it, so a retried submit never takes two. After a Redis wipe the
 * slots of tasks still in flight are gone, so {@link #tryAcquire} refuses (reason {@code rebuilding}) until the poll
 * schedule has been rebuilt from Kafka, which holds a slot for every task it finds in flight ({@link #hold}).
 */
class ConcurrencySlots {

    /** While the schedule is rebuilt (or after a wipe, before the rebuild starts), ask again after this long. */
    static final long REBUILD_WAIT_MILLIS = 1_000;
    /** With every slot taken, ask again after at most this long: slots are usually given back, not expired. */
    static final long FULL_WAIT_MILLIS = 250;

    /**
     * KEYS[1] the slots, KEYS[2] the poll schedule's ready marker; ARGV[1] job id, ARGV[2] limit, ARGV[3] lease millis,
     * ARGV[4] the full-wait hint, ARGV[5] the rebuild-wait hint.
     */
    private static final String ACQUIRE = RedisTime.NOW_MILLIS + """
            local ready = redis.call('GET', KEYS[2])
            if (not ready) or string.sub(ready, 1, 10) == 'rebuilding' then return {0, tonumber(ARGV[5]), 'rebuilding'} end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local leaseEnd = now + tonumber(ARGV[3])
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              redis.call('ZADD', KEYS[1], leaseEnd, ARGV[1])
              return {1, 0, ''}
            end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              return {0, math.min(tonumber(first[2]) - now, tonumber(ARGV[4])), 'concurrency'}
            end
            redis.call('ZADD', KEYS[1], leaseEnd, ARGV[1])
            return {1, 0, ''}
            """;

    /** KEYS[1] the slots; ARGV[1] job id, ARGV[2] lease millis. Takes or renews the slot whatever the limit. */
    private static final String HOLD = RedisTime.NOW_MILLIS + """
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            return 1
            """;

    /** KEYS[1] the slots: live leases. */
    private static final String COUNT = RedisTime.NOW_MILLIS + """
            return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
            """;

    private final UnifiedJedis redis;
    private final String readyMarkerKey;

    /** @param readyMarkerKey the poll schedule's rebuild marker ({@code RedisKeys.POLL_READY}) */
    ConcurrencySlots(UnifiedJedis redis, String readyMarkerKey) {
        this.redis = redis;
        this.readyMarkerKey = readyMarkerKey;
    }

    LimitDecision tryAcquire(LimitScope scope, String jobId, int limit, long leaseMillis) {
        return RedisTime.decision(redis.eval(ACQUIRE, List.of(key(scope), readyMarkerKey),
                List.of(jobId, Integer.toString(limit), Long.toString(leaseMillis), Long.toString(FULL_WAIT_MILLIS),
                        Long.toString(REBUILD_WAIT_MILLIS))));
    }

    /** Takes or renews the job's slot for {@code leaseMillis} from now, even above the limit: the task is in flight. */
    void hold(LimitScope scope, String jobId, long leaseMillis) {
        redis.eval(HOLD, List.of(key(scope)), List.of(jobId, Long.toString(Math.max(1, leaseMillis))));
    }

    void release(LimitScope scope, String jobId) {
        redis.zrem(key(scope), jobId);
    }

    long inFlight(LimitScope scope) {
        return RedisTime.asLong(redis.eval(COUNT, List.of(key(scope)), List.of()));
    }

    static String key(LimitScope scope) {
        return "mj:slots:" + scope.redisTag();
    }
}
