package dev.mediajobs.support.redis;

import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * "A provider called back for this job: poll it now." A callback is only a hint (its body is never trusted); what it
 * buys is a poll at once instead of at the next scheduled time, and the poll stays the authority on what happened.
 *
 * <p>{@link #nudge} does it all in one Lua script, so it cannot interleave with a poller claiming the task:
 * <ul>
 *   <li>it sets the flag {@link RedisKeys#pollNudge} (with an expiry), which the poller reads twice: when a poll
 *       starts it takes the flag ({@link #consume}) and counts a completion that poll finds as one by callback; and
 *       when it stores the task after a poll, a flag that is there again (the callback came while the poll was under
 *       way) makes the next poll due at once instead of after the poll interval;</li>
 *   <li>if the task waits in the due set {@link RedisKeys#POLL_DUE} and no poller holds it right now (no lease noted
 *       in {@link RedisKeys#POLL_LEASES}, or a note that is not the entry's score any more), its due time becomes
 *       now (Redis time), so the next tick of any poller claims it. A leased task is left alone: moving its score
 *       would break the lease (another instance would claim it mid-poll); the flag covers it instead.</li>
 * </ul>
 * A callback that arrives before the poller tracks the task (fast providers) leaves the flag, and the poller makes
 * the task due at once when it starts tracking it.
 */
public class PollNudges {

    /** Long enough for a poller to track a task it has not seen yet; a flag nobody consumes just expires. */
    public static final Duration DEFAULT_FLAG_TTL = Duration.ofMinutes(10);

    /**
     * KEYS[1] the nudge flag, KEYS[2] the due set, KEYS[3] the lease notes; ARGV[1] job id, ARGV[2] flag TTL millis.
     * Returns 1 when the job is in the due set (scheduled), else 0.
     */
    private static final String NUDGE = """
            redis.call('SET', KEYS[1], '1', 'PX', tonumber(ARGV[2]))
            local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if not score then return 0 end
            local note = redis.call('HGET', KEYS[3], ARGV[1])
            if note and tonumber(note) == tonumber(score) then return 1 end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            if tonumber(score) > now then redis.call('ZADD', KEYS[2], 'XX', now, ARGV[1]) end
            return 1
            """;

    private final UnifiedJedis redis;
    private final Duration flagTtl;

    public PollNudges(UnifiedJedis redis) {
        this(redis, DEFAULT_FLAG_TTL);
    }

    public PollNudges(UnifiedJedis redis, Duration flagTtl) {
        if (flagTtl == null || !flagTtl.isPositive()) {
            throw new IllegalArgumentException("the nudge flag needs a positive time to live, got " + flagTtl);
        }
        this.redis = redis;
        this.flagTtl = flagTtl;
    }

    /**
     * Asks for a poll of the job's task at once (see the class comment).
     *
     * @return true when the task is scheduled at all (in the due set, leased or not); false when the poller does not
     *         track it (not yet, or no longer) — the flag is left either way
     */
    public boolean nudge(String jobId) {
        Object r = redis.eval(NUDGE, List.of(RedisKeys.pollNudge(jobId), RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES),
                List.of(jobId, Long.toString(flagTtl.toMillis())));
        return LeasedSchedule.asLong(r) == 1;
    }

    /** Takes the job's flag: true when a callback came since the flag was last taken. */
    public boolean consume(String jobId) {
        return redis.getDel(RedisKeys.pollNudge(jobId)) != null;
    }

    /** Whether a callback came since the flag was last taken (without taking it). */
    public boolean isPending(String jobId) {
        return redis.exists(RedisKeys.pollNudge(jobId));
    }
}
