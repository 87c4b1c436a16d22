package dev.mediajobs.support.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * A due set in Redis (member by due time, epoch millis) that several instances work off together, each member handed
 * to one instance at a time by a lease.
 *
 * <p>Claiming moves a due entry's score to {@code now + lease} in the same Lua script that finds it, so two instances
 * claiming at once never get the same member, and a member whose instance dies simply becomes due again when the
 * lease runs out: no lock to clean up. The lease score doubles as a fencing token: a later claim always writes a later
 * score, so a write that follows the work is only made while the entry still carries the score its own claim wrote.
 * An entry that vanished counts as still held: Redis was wiped meanwhile, and the work's result must not be lost.
 *
 * <p>Optionally the leases are also noted in a hash (member to lease end), for callers that must tell from outside the
 * due set whether an attempt is in flight; {@link #release} then clears the note. Callers that reschedule inside
 * their own scripts (storing a record with it) keep doing so and only use the claim and the fencing check here.
 */
public class LeasedSchedule {

    /** The oldest due entries, each moved to the lease's end (and noted in KEYS[2] if given); id, old score, … */
    private static final String CLAIM = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
            for i = 1, #due, 2 do
              redis.call('ZADD', KEYS[1], 'XX', ARGV[3], due[i])
              if #KEYS > 1 then redis.call('HSET', KEYS[2], due[i], ARGV[3]) end
            end
            return due
            """;

    /** Gives a claimed entry back, due at ARGV[3] (or removed when that is negative), if the lease is still ours. */
    private static final String RELEASE = """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if #KEYS > 1 then redis.call('HDEL', KEYS[2], ARGV[1]) end
            if (not score) or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
            if tonumber(ARGV[3]) >= 0 then
              redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            else
              redis.call('ZREM', KEYS[1], ARGV[1])
            end
            return 1
            """;

    /**
     * A member claimed by this instance.
     *
     * @param dueAtMillis      when it was due (the score before the claim), for lateness
     * @param leaseUntilMillis the score the claim wrote: the fencing token of every write that follows
     */
    public record Claim(String member, long dueAtMillis, long leaseUntilMillis) {
    }

    private final UnifiedJedis redis;
    private final String dueKey;
    private final String leasesKey;

    /** A due set whose leases are only its scores. */
    public LeasedSchedule(UnifiedJedis redis, String dueKey) {
        this(redis, dueKey, null);
    }

    /** @param leasesKey a hash that also notes each lease (member to lease end), or null for none */
    public LeasedSchedule(UnifiedJedis redis, String dueKey, String leasesKey) {
        this.redis = redis;
        this.dueKey = dueKey;
        this.leasesKey = leasesKey;
    }

    public String dueKey() {
        return dueKey;
    }

    /** Claims up to {@code max} members due at {@code nowMillis}, most overdue first, each leased until now + lease. */
    public List<Claim> claim(long nowMillis, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        long leaseUntil = nowMillis + lease.toMillis();
        Object r = redis.eval(CLAIM, keys(),
                List.of(Long.toString(nowMillis), Integer.toString(max), Long.toString(leaseUntil)));
        List<?> flat = (List<?>) r;
        List<Claim> claimed = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            long dueAt = (long) Double.parseDouble(asString(flat.get(i + 1)));
            claimed.add(new Claim(asString(flat.get(i)), dueAt, leaseUntil));
        }
        return claimed;
    }

    /** Whether the due entry still carries the score our claim wrote (or vanished with a wiped Redis). */
    public boolean holdsLease(String member, long leaseUntilMillis) {
        Double score = redis.zscore(dueKey, member);
        return score == null || score.longValue() == leaseUntilMillis;
    }

    /**
     * Gives a claim back, due at {@code dueAtMillis} (negative: removed from the schedule), if the lease is still ours.
     * The lease note, if any, is cleared either way: whoever holds the entry now wrote its own.
     *
     * @return false when the lease was lost and nothing was rescheduled
     */
    public boolean release(String member, long leaseUntilMillis, long dueAtMillis) {
        Object r = redis.eval(RELEASE, keys(),
                List.of(member, Long.toString(leaseUntilMillis), Long.toString(dueAtMillis)));
        return asLong(r) == 1;
    }

    /** The due time (or lease end) of a member, if it is scheduled. */
    public Optional<Long> dueAt(String member) {
        Double score = redis.zscore(dueKey, member);
        return score == null ? Optional.empty() : Optional.of(score.longValue());
    }

    /** Members in the due set, leased or not. */
    public long size() {
        return redis.zcard(dueKey);
    }

    private List<String> keys() {
        return leasesKey == null ? List.of(dueKey) : List.of(dueKey, leasesKey);
    }

    static long asLong(Object redisReply) {
        if (redisReply instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("unexpected Redis script reply: " + redisReply);
    }

    private static String asString(Object redisReply) {
        if (redisReply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(redisReply);
    }
}
