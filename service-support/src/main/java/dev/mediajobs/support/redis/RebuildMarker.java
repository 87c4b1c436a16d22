package dev.mediajobs.support.redis;

import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A marker key that says whether state kept in Redis was rebuilt from its durable record (a Kafka topic) and lets one
 * instance at a time do the rebuild. Redis may lose everything at any moment; the marker going with it is how the
 * loss is noticed.
 *
 * <p>{@link #begin} sets the marker to {@code "rebuilding <token>"} only if it is absent, with an expiry, so the other
 * instances skip their rebuild and one that dies mid-rebuild is replaced once the expiry passes. {@link #complete}
 * and {@link #abandon} act only while our own marker is still there: if Redis was wiped again during the rebuild the
 * marker is gone, completing fails, and the next check rebuilds once more instead of declaring a half-empty state
 * ready. The ready value never expires.
 */
public class RebuildMarker {

    private static final String COMPLETE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    private static final String ABANDON = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final UnifiedJedis redis;
    private final String key;

    public RebuildMarker(UnifiedJedis redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    /** True while the state is rebuilt or a rebuild is under way; false once Redis lost it. */
    public boolean exists() {
        return redis.exists(key);
    }

    /** The marker's value ({@code "rebuilding <token>"} or the ready value), or null when it is gone. */
    public String value() {
        return redis.get(key);
    }

    /**
     * Takes the rebuild for the caller, with a marker that expires after {@code timeout} in case the caller dies.
     *
     * @return false when the state is ready or another instance is rebuilding it
     */
    public boolean begin(String token, Duration timeout) {
        return "OK".equals(redis.set(key, rebuilding(token), SetParams.setParams().nx().px(timeout.toMillis())));
    }

    /** Replaces our marker with {@code readyValue}, if it is still there (not wiped again meanwhile). */
    public boolean complete(String token, String readyValue) {
        return LeasedSchedule.asLong(redis.eval(COMPLETE, List.of(key), List.of(rebuilding(token), readyValue))) == 1;
    }

    /** Gives up our rebuild (it failed), so the next check starts another without waiting for the expiry. */
    public void abandon(String token) {
        redis.eval(ABANDON, List.of(key), List.of(rebuilding(token)));
    }

    private static String rebuilding(String token) {
        return "rebuilding " + token;
    }
}
