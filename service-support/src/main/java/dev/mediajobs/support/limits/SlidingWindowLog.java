package dev.mediajobs.support.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Requests-per-window budgets as sliding-window logs in Redis: one sorted set per budget holding the time of every call
 * granted in the last window. A call is granted only when every budget it draws from has room, and is then logged in
 * all of them in the same script, so no two instances can both take the last unit, and a call never uses up one
 * budget while another refuses it.
 *
 * <h2>Why a log and not a token bucket (e.g. Bucket4j)</h2>
 * Providers count calls over a rolling minute. A token bucket of capacity N refilling N per minute lets a client
 * that waited a minute spend a full bucket and then the refill, up to 2N in one rolling minute; a fixed window lets
 * ~2N through across a boundary. A log of the last window's calls is exact: over any window there are never more than
 * N grants. Its cost is one entry per call in the window (a few kilobytes per key at documented limits). The answer
 * to a refused call says exactly when the oldest blocking entry leaves the window, so waiters sleep, never spin.
 *
 * <p>The same script honours a Retry-After block of the scope ({@link ProviderLimits#rateLimited}): while it runs, no
 * call is granted.
 */
class SlidingWindowLog {

    /**
     * KEYS[1] the block key (epoch millis until which the provider said to wait), KEYS[2..] the budgets' logs;
     * ARGV[1] the window in millis, ARGV[2] the call's unique member, ARGV[3..] the budgets' limits.
     */
    private static final String ACQUIRE = RedisTime.NOW_MILLIS + """
            local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
            if blocked > now then return {0, blocked - now, 'retry_after'} end
            -- the log counts in microseconds, so that a window is exact to the microsecond, not to the millisecond
            local nowMicros = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local window = tonumber(ARGV[1]) * 1000
            local wait = 0
            for i = 2, #KEYS do
              local limit = tonumber(ARGV[i + 1])
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', nowMicros - window)
              local n = redis.call('ZCARD', KEYS[i])
              if n >= limit then
                local oldest = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
                local w = tonumber(oldest[2]) + window - nowMicros
                if w > wait then wait = w end
              end
            end
            if wait > 0 then return {0, math.ceil(wait / 1000), 'rate'} end
            for i = 2, #KEYS do
              redis.call('ZADD', KEYS[i], nowMicros, ARGV[2])
              redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[1]) + 1000)
            end
            return {1, 0, ''}
            """;

    /** KEYS[1] the block key; ARGV[1] millis from now. Only ever lengthens a block. */
    private static final String BLOCK = RedisTime.NOW_MILLIS + """
            local untilMillis = now + tonumber(ARGV[1])
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            if untilMillis > cur then
              redis.call('SET', KEYS[1], untilMillis, 'PX', tonumber(ARGV[1]) + 1000)
            end
            return math.max(untilMillis, cur)
            """;

    /** KEYS[1] the block key: millis left, 0 when none. */
    private static final String BLOCKED_FOR = RedisTime.NOW_MILLIS + """
            local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
            if blocked > now then return blocked - now end
            return 0
            """;

    /** KEYS[1] a budget's log; ARGV[1] the window: calls granted within the last window. */
    private static final String COUNT = RedisTime.NOW_MILLIS + """
            local nowMicros = tonumber(t[1]) * 1000000 + tonumber(t[2])
            return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', nowMicros - tonumber(ARGV[1]) * 1000), '+inf')
            """;

    /** One budget a call draws from. */
    record Budget(String name, int limit) {
    }

    private final UnifiedJedis redis;

    SlidingWindowLog(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Grants the call, logging it in every budget, or says how long until all of them have room. */
    LimitDecision tryAcquire(LimitScope scope, List<Budget> budgets, long windowMillis) {
        List<String> keys = new ArrayList<>(budgets.size() + 1);
        List<String> args = new ArrayList<>(budgets.size() + 2);
        keys.add(blockKey(scope));
        args.add(Long.toString(windowMillis));
        args.add(UUID.randomUUID().toString());
        for (Budget b : budgets) {
            keys.add(logKey(scope, b.name()));
            args.add(Integer.toString(b.limit()));
        }
        return RedisTime.decision(redis.eval(ACQUIRE, keys, args));
    }

    /** No call of the scope is granted for the next {@code millis} (a longer block already there is kept). */
    long block(LimitScope scope, long millis) {
        return RedisTime.asLong(redis.eval(BLOCK, List.of(blockKey(scope)), List.of(Long.toString(Math.max(1, millis)))));
    }

    /** How long the scope is still blocked by a Retry-After, 0 when not. */
    long blockedForMillis(LimitScope scope) {
        return RedisTime.asLong(redis.eval(BLOCKED_FOR, List.of(blockKey(scope)), List.of()));
    }

    /** Calls granted from the budget within the last window. */
    long used(LimitScope scope, String budget, long windowMillis) {
        return RedisTime.asLong(redis.eval(COUNT, List.of(logKey(scope, budget)), List.of(Long.toString(windowMillis))));
    }

    static String logKey(LimitScope scope, String budget) {
        return "mj:limit:" + scope.redisTag() + ":" + budget;
    }

    static String blockKey(LimitScope scope) {
        return "mj:limit:" + scope.redisTag() + ":blocked-until";
    }
}
