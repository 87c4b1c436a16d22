package dev.mediajobs.api.jobs;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.support.redis.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Idempotency-Key claims in Redis: {@code mj:idem:<tenant>:<sha256(key)>} → {@code "<jobId> <requestHash>"}, set
 * with NX so exactly one request wins a key. The key itself is stored only hashed.
 */
public class IdempotencyClaims {

    /** Deletes the claim only if it is still ours, so a late release never drops someone else's claim. */
    private static final String RELEASE_SCRIPT = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** What a claim holds. */
    public record Claim(String jobId, String requestHash) {
        String value() {
            return jobId + " " + requestHash;
        }

        static Claim parse(String value) {
            int space = value.indexOf(' ');
            return space < 0 ? new Claim(value, "") : new Claim(value.substring(0, space), value.substring(space + 1));
        }
    }

    private final UnifiedJedis redis;
    private final Duration ttl;

    public IdempotencyClaims(UnifiedJedis redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** Empty when {@code ours} now holds the key; otherwise the claim that already held it. */
    public Optional<Claim> claim(String tenant, String idempotencyKey, Claim ours) {
        String key = redisKey(tenant, idempotencyKey);
        // a claim can expire between SET NX and GET; try again then
        for (int i = 0; i < 3; i++) {
            if ("OK".equals(redis.set(key, ours.value(), SetParams.setParams().nx().ex(ttl.toSeconds())))) {
                return Optional.empty();
            }
            String existing = redis.get(key);
            if (existing != null) {
                return Optional.of(Claim.parse(existing));
            }
        }
        throw new IllegalStateException("idempotency claim " + key + " neither settable nor readable");
    }

    /** Puts back the claim of a job Redis had forgotten (the view still knew it). */
    public void restore(String tenant, String idempotencyKey, Claim actual) {
        redis.set(redisKey(tenant, idempotencyKey), actual.value(), SetParams.setParams().ex(ttl.toSeconds()));
    }

    /** Frees the key after a submit that could not be published, so that the client's retry is not refused. */
    public void release(String tenant, String idempotencyKey, Claim ours) {
        redis.eval(RELEASE_SCRIPT, List.of(redisKey(tenant, idempotencyKey)), List.of(ours.value()));
    }

    private static String redisKey(String tenant, String idempotencyKey) {
        return RedisKeys.idempotencyKey(tenant, Hashing.sha256Hex(idempotencyKey));
    }
}
