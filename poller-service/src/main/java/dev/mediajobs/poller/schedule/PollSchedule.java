package dev.mediajobs.poller.schedule;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.redis.LeasedSchedule;
import dev.mediajobs.support.redis.PollNudges;
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
 * <p>Each claim is also noted in {@link RedisKeys#POLL_LEASES} (job id to lease end), and every script that ends
 * the claim (save, finish, drop) clears the note: that is how a provider's callback ({@link PollNudges}) tells a task
 * that waits (make it due now) from one being polled right now (leave the lease alone; its flag makes the save
 * schedule the next poll at once). The same scripts keep {@link #INFLIGHT_BY_PROVIDER}, the count of active task
 * records per provider, for the in-flight gauge.
 *
 * <p>Redis may lose all of this at any moment; {@link dev.mediajobs.poller.tracking.ScheduleRebuilder} rebuilds it
 * from the compacted state topic, one instance at a time thanks to a {@link RebuildMarker} on
 * {@link RedisKeys#POLL_READY}. Versions make every write monotonic, so the rebuild, the events listener and the
 * pollers can all write at once.
 */
public class PollSchedule {

    /**
     * Inserts or replaces the record when the snapshot is newer and the task not finished; due time only if new (at
     * once when a callback already nudged it). A new record counts one more task of its provider in flight.
     * KEYS: record, due set, nudge flag, in-flight counts; ARGV: version, record, job id, due, now, provider.
     */
    private static final String TRACK = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local d = cjson.decode(cur)
              if d.finished == true or tonumber(d.version) >= tonumber(ARGV[1]) then return 0 end
            else
              redis.call('HINCRBY', KEYS[4], ARGV[6], 1)
            end
            redis.call('SET', KEYS[1], ARGV[2])
            local due = ARGV[4]
            if redis.call('EXISTS', KEYS[3]) == 1 then due = ARGV[5] end
            redis.call('ZADD', KEYS[2], 'NX', due, ARGV[3])
            return 1
            """;

    /**
     * Stores the record after a poll (unless a newer one arrived meanwhile) and sets the next due time while the
     * caller still holds its lease, or when the entry vanished (Redis was wiped mid-poll; the record is then new and
     * counted in flight again). Holding the lease, it clears its lease note, and when it was asked to honour a nudge
     * (ARGV[7] not negative) and a callback flagged the task during the poll, the next poll is due at ARGV[7] (now);
     * the flag stays for the next poll to take.
     * KEYS: record, due set, lease notes, nudge flag, in-flight counts; ARGV: version, record, same version allowed,
     * job id, lease score, next due, due if nudged, provider.
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
            if write then
              if not cur then redis.call('HINCRBY', KEYS[5], ARGV[8], 1) end
              redis.call('SET', KEYS[1], ARGV[2])
            end
            local score = redis.call('ZSCORE', KEYS[2], ARGV[4])
            if (not score) or tonumber(score) == tonumber(ARGV[5]) then
              local due = ARGV[6]
              if tonumber(ARGV[7]) >= 0 and redis.call('EXISTS', KEYS[4]) == 1 then due = ARGV[7] end
              redis.call('ZADD', KEYS[2], due, ARGV[4])
              redis.call('HDEL', KEYS[3], ARGV[4])
              if write then return 1 else return 3 end
            end
            if write then return 2 else return 4 end
            """;

    /**
     * Replaces the record with a tombstone (or deletes it), removes the due entry, its lease note and nudge flag; an
     * active record counts one task of its provider less in flight.
     * KEYS: record, due set, lease notes, nudge flag, in-flight counts; ARGV: version, tombstone, job id, retention.
     */
    private static final String FINISH = """
            local cur = redis.call('GET', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[3])
            redis.call('HDEL', KEYS[3], ARGV[3])
            redis.call('DEL', KEYS[4])
            if cur then
              local d = cjson.decode(cur)
              if d.finished == true and tonumber(d.version) >= tonumber(ARGV[1]) then return 0 end
              if d.finished ~= true then
                local p = 'unknown'
                if type(d.job) == 'table' and type(d.job.provider) == 'string' then p = d.job.provider end
                if redis.call('HINCRBY', KEYS[5], p, -1) < 0 then redis.call('HSET', KEYS[5], p, 0) end
              end
            end
            if tonumber(ARGV[4]) > 0 then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
            else
              redis.call('DEL', KEYS[1])
            end
            return 1
            """;

    /**
     * Removes a due entry that has no task to poll; if a task appeared meanwhile, makes it due now instead. Either way
     * the caller's lease is over, and so is its note. KEYS: record, due set, lease notes; ARGV: job id, due.
     */
    private static final String DROP = """
            local cur = redis.call('GET', KEYS[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
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

    /** Save after a deferral or an error: a callback's flag is left for the next poll, which takes it. */
    private static final long IGNORE_NUDGE = -1;

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

    /**
     * Hash: provider id to the number of its active task records, kept by the same scripts that create and retire
     * the records, so it is exact and costs one HGET to read; wiped with the rest and counted again by the rebuild.
     */
    public static final String INFLIGHT_BY_PROVIDER = RedisKeys.POLL_INFLIGHT;

    private final UnifiedJedis redis;
    private final LeasedSchedule dueSet;
    private final RebuildMarker ready;

    public PollSchedule(UnifiedJedis redis) {
        this.redis = redis;
        // leases noted in POLL_LEASES, so that a callback's nudge can tell a task being polled right now
        this.dueSet = new LeasedSchedule(redis, RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES);
        this.ready = new RebuildMarker(redis, RedisKeys.POLL_READY);
    }

    /**
     * Starts tracking a task, or updates its snapshot, when {@code task} is newer than the stored record and the task
     * was not finished. A new task becomes due at {@code dueAtMillis}, or at {@code nowMillis} when a provider already
     * called back for it ({@link PollNudges}); an existing one keeps its due time (or lease).
     *
     * @return true when the record was written
     */
    public boolean track(PollTask task, long dueAtMillis, long nowMillis) {
        Object r = redis.eval(TRACK, List.of(RedisKeys.pollTask(task.jobId()), RedisKeys.POLL_DUE,
                        RedisKeys.pollNudge(task.jobId()), INFLIGHT_BY_PROVIDER),
                List.of(Long.toString(task.version()), JsonCodec.toJson(task), task.jobId(), Long.toString(dueAtMillis),
                        Long.toString(Math.min(nowMillis, dueAtMillis)), providerOf(task)));
        return asLong(r) == 1;
    }

    /** {@link #track(PollTask, long, long)} where a callback's flag would change nothing (due now anyway). */
    public boolean track(PollTask task, long dueAtMillis) {
        return track(task, dueAtMillis, dueAtMillis);
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
        return save(task, sameVersionAllowed, claim, nextDueMillis, IGNORE_NUDGE);
    }

    /**
     * {@link #save} after a poll that got an answer: if a provider called back while the poll was under way (its
     * {@link PollNudges} flag is there again), the next poll is due at {@code nowMillis} instead of
     * {@code nextDueMillis}, since the answer may predate what the callback announced.
     */
    public SaveResult saveAfterPoll(PollTask task, boolean sameVersionAllowed, ClaimedTask claim, long nextDueMillis,
                                    long nowMillis) {
        return save(task, sameVersionAllowed, claim, nextDueMillis, Math.max(0, Math.min(nowMillis, nextDueMillis)));
    }

    private SaveResult save(PollTask task, boolean sameVersionAllowed, ClaimedTask claim, long nextDueMillis,
                            long dueIfNudgedMillis) {
        Object r = redis.eval(SAVE, List.of(RedisKeys.pollTask(task.jobId()), RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES,
                        RedisKeys.pollNudge(task.jobId()), INFLIGHT_BY_PROVIDER),
                List.of(Long.toString(task.version()), JsonCodec.toJson(task), sameVersionAllowed ? "1" : "0",
                        task.jobId(), Long.toString(claim.leaseUntilMillis()), Long.toString(nextDueMillis),
                        Long.toString(dueIfNudgedMillis), providerOf(task)));
        return SaveResult.values()[(int) asLong(r)];
    }

    /**
     * The task is over for the poller (the job is storing or terminal): removes the due entry and leaves a tombstone
     * for {@code retention} (none when zero), unless a tombstone of the same or a newer version is there.
     */
    public boolean finish(Job job, Duration retention) {
        long ttl = Math.max(0, retention.toMillis());
        Object r = redis.eval(FINISH, List.of(RedisKeys.pollTask(job.id()), RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES,
                        RedisKeys.pollNudge(job.id()), INFLIGHT_BY_PROVIDER),
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
        Object r = redis.eval(DROP, List.of(RedisKeys.pollTask(jobId), RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES),
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

    /** Tasks of the provider in flight (active task records), across every poller instance. */
    public long inFlight(String provider) {
        String count = redis.hget(INFLIGHT_BY_PROVIDER, provider);
        return count == null ? 0 : Math.max(0, Long.parseLong(count));
    }

    /** The lease end noted for a task some poller is polling right now, if any. */
    public Optional<Long> leaseNote(String jobId) {
        String note = redis.hget(RedisKeys.POLL_LEASES, jobId);
        return note == null ? Optional.empty() : Optional.of(Long.parseLong(note));
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

    private static String providerOf(PollTask task) {
        return task.job().provider() == null ? "unknown" : task.job().provider();
    }

    private static long asLong(Object redisReply) {
        if (redisReply instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("unexpected Redis script reply: " + redisReply);
    }
}
