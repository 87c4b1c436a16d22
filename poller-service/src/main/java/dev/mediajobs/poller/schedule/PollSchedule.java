package dev.mediajobs.poller.schedule;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.redis.LeasedSchedule;
import dev.mediajobs.support.redis.RebuildMarker;
import dev.mediajobs.support.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The poll schedule in Redis, shared by every poller instance: the due set {@link RedisKeys#POLL_DUE} (job id by next
 * poll time, epoch millis) and one task record per job ({@link RedisKeys#pollTask}). Every change that reads and
 * writes is one Lua script, so instances never interleave inside one.
 *
 * <p>Claiming and the lease check are a {@link LeasedSchedule}: claiming moves a due entry's score to
 * {@code now + lease}, so exactly one instance polls the task, and if that instance dies the task simply becomes due
 * again when the lease runs out. The lease score doubles as a fencing token: the instance that finishes a poll only
 * reschedules the entry while it still carries the score its claim wrote, which {@code SAVE} checks in the same
 * script that stores the task record.
 *
 * <p>Redis may lose all of this at any moment; {@link dev.mediajobs.poller.tracking.ScheduleRebuilder} rebuilds it
 * from the compacted state topic, one instance at a time thanks to a {@link RebuildMarker} on
 * {@link RedisKeys#POLL_READY}. Versions make every write monotonic, so the rebuild, the events listener and the
 * pollers can all write at once.
 */
public class PollSchedule {

    /** Inserts or replaces the record when the snapshot is newer and the task not finished; due time only if new. */
    private static final String TRACK = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local d = cjson.decode(cur)
              if d.finished == true or tonumber(d.version) >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[3])
            return 1
            """;

    /**
     * Stores the record after a poll (unless a newer one arrived meanwhile) and sets the next due time while the
     * caller still holds its lease, or when the entry vanished (Redis was wiped mid-poll).
     */
    private static final String SAVE = """
            local cur = redis.call('GET', KEYS[1])
            local write = true
            if cur then
              local d = cjson.decode(cur)
              if d.finished == true then
                redis.call('ZREM', KEYS[2], ARGV[4])
                return 0
              end
              local stored = tonumber(d.version)
              local mine = tonumber(ARGV[1])
              if stored > mine or (stored == mine and ARGV[3] ~= '1') then write = false end
            end
            if write then redis.call('SET', KEYS[1], ARGV[2]) end
            local score = redis.call('ZSCORE', KEYS[2], ARGV[4])
            if (not score) or tonumber(score) == tonumber(ARGV[5]) then
              redis.call('ZADD', KEYS[2], ARGV[6], ARGV[4])
              if write then return 1 else return 3 end
            end
            if write then return 2 else return 4 end
            """;

    /** Replaces the record with a tombstone (or deletes it) and removes the due entry. */
    private static final String FINISH = """
            local cur = redis.call('GET', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[3])
            if cur then
              local d = cjson.decode(cur)
              if d.finished == true and tonumber(d.version) >= tonumber(ARGV[1]) then return 0 end
            end
            if tonumber(ARGV[4]) > 0 then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
            else
              redis.call('DEL', KEYS[1])
            end
            return 1
            """;

    /** Removes a due entry that has no task to poll; if a task appeared meanwhile, makes it due now instead. */
    private static final String DROP = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local d = cjson.decode(cur)
              if d.finished ~= true and (d.state == 'submitted' or d.state == 'running') then
                redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
                return 0
              end
            end
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    /** What {@link #save} did. */
    public enum SaveResult {
        /** The task was finished meanwhile (by another instance or an event): nothing to poll any more. */
        FINISHED_ELSEWHERE,
        SAVED,
        /** The record was saved, but another instance claimed the task after our lease ran out; it schedules it. */
        SAVED_LEASE_LOST,
        /** A newer snapshot arrived meanwhile and was kept; the next due time was set. */
        NEWER_KEPT,
        NEWER_KEPT_LEASE_LOST
    }

    private final UnifiedJedis redis;
    private final LeasedSchedule dueSet;
    private final RebuildMarker ready;

    public PollSchedule(UnifiedJedis redis) {
        this.redis = redis;
        this.dueSet = new LeasedSchedule(redis, RedisKeys.POLL_DUE);
        this.ready = new RebuildMarker(redis, RedisKeys.POLL_READY);
    }

    /**
     * Starts tracking a task, or updates its snapshot, when {@code task} is newer than the stored record and the task
     * was not finished. A new task becomes due at {@code dueAtMillis}; an existing one keeps its due time (or lease).
     *
     * @return true when the record was written
     */
    public boolean track(PollTask task, long dueAtMillis) {
        Object r = redis.eval(TRACK, List.of(RedisKeys.pollTask(task.jobId()), RedisKeys.POLL_DUE),
                List.of(Long.toString(task.version()), JsonCodec.toJson(task), task.jobId(), Long.toString(dueAtMillis)));
        return asLong(r) == 1;
    }

    /** The stored record: active task or tombstone. */
    public Optional<PollTask> load(String jobId) {
        String json = redis.get(RedisKeys.pollTask(jobId));
        return json == null ? Optional.empty() : Optional.of(JsonCodec.fromJson(json, PollTask.class));
    }

    /**
     * Claims up to {@code max} tasks due at {@code nowMillis}: each is leased to the caller until
     * {@code nowMillis + lease}.
     */
    public List<ClaimedTask> claim(long nowMillis, int max, Duration lease) {
        List<ClaimedTask> claimed = new ArrayList<>();
        for (LeasedSchedule.Claim c : dueSet.claim(nowMillis, max, lease)) {
            claimed.add(new ClaimedTask(c.member(), c.dueAtMillis(), c.leaseUntilMillis()));
        }
        return claimed;
    }

    /**
     * Stores the task after a poll and makes it due at {@code nextDueMillis}.
     *
     * @param sameVersionAllowed true when the snapshot's version is unchanged (only bookkeeping or progress changed);
     *                           false after a transition, whose new version must be strictly newer than the stored one
     */
    public SaveResult save(PollTask task, boolean sameVersionAllowed, ClaimedTask claim, long nextDueMillis) {
        Object r = redis.eval(SAVE, List.of(RedisKeys.pollTask(task.jobId()), RedisKeys.POLL_DUE),
                List.of(Long.toString(task.version()), JsonCodec.toJson(task), sameVersionAllowed ? "1" : "0",
                        task.jobId(), Long.toString(claim.leaseUntilMillis()), Long.toString(nextDueMillis)));
        return SaveResult.values()[(int) asLong(r)];
    }

    /**
     * The task is over for the poller (the job is storing or terminal): removes the due entry and leaves a tombstone
     * for {@code retention} (none when zero), unless a tombstone of the same or a newer version is there.
     */
    public boolean finish(Job job, Duration retention) {
        long ttl = Math.max(0, retention.toMillis());
        Object r = redis.eval(FINISH, List.of(RedisKeys.pollTask(job.id()), RedisKeys.POLL_DUE),
                List.of(Long.toString(job.version()), JsonCodec.toJson(PollTask.tombstone(job)), job.id(), Long.toString(ttl)));
        return asLong(r) == 1;
    }

    /**
     * Removes a due entry whose task record is missing or not active. If the task became active meanwhile (an event
     * just arrived), it is made due at {@code dueAtMillis} instead.
     *
     * @return true when the entry was removed
     */
    public boolean dropIfInactive(String jobId, long dueAtMillis) {
        Object r = redis.eval(DROP, List.of(RedisKeys.pollTask(jobId), RedisKeys.POLL_DUE),
                List.of(jobId, Long.toString(dueAtMillis)));
        return asLong(r) == 1;
    }

    /** Whether the due entry still carries our claim's score (or vanished with a wiped Redis). */
    public boolean holdsLease(ClaimedTask claim) {
        return dueSet.holdsLease(claim.jobId(), claim.leaseUntilMillis());
    }

    /** The due time (or lease end) of a task, if it is scheduled. */
    public Optional<Long> dueAt(String jobId) {
        return dueSet.dueAt(jobId);
    }

    /** Tasks in the due set: every task some poller is responsible for. */
    public long size() {
        return dueSet.size();
    }

    /** True once the schedule was rebuilt from Kafka (or a rebuild is under way); false after Redis was wiped. */
    public boolean isRebuilt() {
        return ready.exists();
    }

    /**
     * Takes the rebuild for this instance: {@link RedisKeys#POLL_READY} is set to a marker of ours that expires after
     * {@code timeout}, so other instances skip their rebuild, and one that dies mid-rebuild is replaced in time.
     *
     * @return false when the schedule is ready or another instance is rebuilding it
     */
    public boolean beginRebuild(String token, Duration timeout) {
        return ready.begin(token, timeout);
    }

    /**
     * Marks the schedule ready, if our marker is still there: when Redis was wiped again during the rebuild, the
     * marker is gone, and the next check rebuilds once more.
     */
    public boolean completeRebuild(String token, String readyValue) {
        return ready.complete(token, readyValue);
    }

    /** Gives up our rebuild (it failed), so that the next check starts another one without waiting for the expiry. */
    public void abandonRebuild(String token) {
        ready.abandon(token);
    }

    private static long asLong(Object redisReply) {
        if (redisReply instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("unexpected Redis script reply: " + redisReply);
    }
}
