package dev.mediajobs.support.limits;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * API keys taken out of a provider's pool for a while because the provider refused them (401/403: revoked or wrong;
 * 402: out of credits). A benched key is skipped when choosing the key of a new submit; tasks it already submitted are
 * still polled with it. The bench expires by itself, so a topped-up account comes back without anyone acting.
 */
public class KeyBench {

    /** Why and until when (Redis time, epoch millis) a key is benched. */
    public record Benched(String keyId, String reason, long untilEpochMillis) {
    }

    private static final String BENCHED = RedisTime.NOW_MILLIS + """
            local v = redis.call('GET', KEYS[1])
            if not v then return {0, 0, ''} end
            local sep = string.find(v, ' ')
            local untilMillis = tonumber(string.sub(v, 1, sep - 1))
            if untilMillis <= now then return {0, 0, ''} end
            return {1, untilMillis, string.sub(v, sep + 1)}
            """;

    private static final String BENCH = RedisTime.NOW_MILLIS + """
            redis.call('SET', KEYS[1], (now + tonumber(ARGV[1])) .. ' ' .. ARGV[2], 'PX', tonumber(ARGV[1]))
            return now + tonumber(ARGV[1])
            """;

    private final UnifiedJedis redis;

    public KeyBench(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Takes the key out of the pool for {@code duration}; {@code reason} is shown to operators (never the key). */
    public void bench(LimitScope scope, Duration duration, String reason) {
        redis.eval(BENCH, List.of(key(scope)), List.of(Long.toString(Math.max(1, duration.toMillis())), reason));
    }

    public Optional<Benched> find(LimitScope scope) {
        List<?> r = (List<?>) redis.eval(BENCHED, List.of(key(scope)), List.of());
        if (RedisTime.asLong(r.get(0)) == 0) {
            return Optional.empty();
        }
        return Optional.of(new Benched(scope.keyId(), RedisTime.asString(r.get(2)), RedisTime.asLong(r.get(1))));
    }

    public boolean isBenched(LimitScope scope) {
        return find(scope).isPresent();
    }

    /** Puts the key back at once (an operator topped the account up). */
    public void restore(LimitScope scope) {
        redis.del(key(scope));
    }

    static String key(LimitScope scope) {
        return "mj:key-bench:" + scope.redisTag();
    }

}
