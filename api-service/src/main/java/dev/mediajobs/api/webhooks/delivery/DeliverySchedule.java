package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.redis.LeasedSchedule;
import dev.mediajobs.support.redis.RebuildMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * The delivery schedule in Redis, shared by every api-service instance (the same approach as the poller's
 * {@code PollSchedule}): a due set (delivery id by next attempt time, epoch millis), one record per delivery (its
 * latest {@link Delivery} JSON), an index of each job's deliveries, the leases held and the manual redeliveries
 * asked for. Every change that reads and writes is one Lua script, so instances never interleave inside one.
 *
 * <p>Claiming ({@link LeasedSchedule}, with a leases hash) moves a due entry's score to {@code now + lease} and notes
 * the lease: the delivery is not due again until then, so one instance at a time attempts it, and if that instance
 * dies it simply becomes due again when the lease runs out. The lease score doubles as a fencing token: the instance that finishes an attempt only writes while the
 * entry still carries the score its claim wrote.
 *
 * <p>Redis may lose all of this at any moment: the deliveries topic is the record and {@link DeliveryRebuilder}
 * rebuilds the schedule from it, one instance at a time thanks to a {@link RebuildMarker}. Versions make every write
 * monotonic.
 */
public class DeliverySchedule {

    /** Creates a delivery unless it exists: the record, the job index and a due entry. */
    private static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
            return 1
            """;

    /**
     * Stores the delivery after an attempt (unless a newer version is there) while the caller still holds its lease,
     * or when the entry vanished (Redis was wiped meanwhile), and sets the next due time: at once when a redeliver was
     * asked for during the attempt, else the given time, or no entry when finished.
     */
    private static final String SAVE = """
            local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if score and tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
            local cur = redis.call('GET', KEYS[1])
            if (not cur) or tonumber(cjson.decode(cur).version) <= tonumber(ARGV[4]) then
              if tonumber(ARGV[6]) > 0 then
                redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[6])
              else
                redis.call('SET', KEYS[1], ARGV[3])
              end
            end
            redis.call('SADD', KEYS[5], ARGV[1])
            redis.call('PEXPIRE', KEYS[5], ARGV[8])
            redis.call('HDEL', KEYS[3], ARGV[1])
            if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then
              redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
            elseif tonumber(ARGV[5]) >= 0 then
              redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
            else
              redis.call('ZREM', KEYS[2], ARGV[1])
            end
            return 1
            """;

    /**
     * Asks for a manual attempt: noted in the manual set; due at once unless an attempt is in flight, whose save then
     * makes it due at once. 0 when there is no such delivery, 1 when due now, 2 when queued behind an attempt.
     */
    private static final String REDELIVER = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('SADD', KEYS[4], ARGV[1])
            local lease = redis.call('HGET', KEYS[3], ARGV[1])
            if lease and tonumber(lease) > tonumber(ARGV[2]) then return 2 end
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            return 1
            """;

    /** Writes a delivery read back from Kafka when it is newer than what Redis holds; schedules it if pending. */
    private static final String RESTORE = """
            local cur = redis.call('GET', KEYS[1])
            if cur and tonumber(cjson.decode(cur).version) >= tonumber(ARGV[3]) then return 0 end
            if tonumber(ARGV[6]) > 0 then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[6])
            else
              redis.call('SET', KEYS[1], ARGV[1])
            end
            redis.call('SADD', KEYS[2], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[7])
            if ARGV[4] == 'pending' then
              redis.call('ZADD', KEYS[3], 'NX', ARGV[5], ARGV[2])
            else
              redis.call('ZREM', KEYS[3], ARGV[2])
            end
            return 1
            """;

    /** What {@link #redeliver} did. */
    public enum Redelivery { NOT_FOUND, DUE_NOW, AFTER_CURRENT_ATTEMPT }

    private final UnifiedJedis redis;
    private final String prefix;
    private final Duration retention;
    private final LeasedSchedule dueSet;
    private final RebuildMarker ready;

    /**
     * @param prefix    of every key, e.g. {@code mj:webhooks:}
     * @param retention how long finished deliveries stay (and each job's index after its last change)
     */
    public DeliverySchedule(UnifiedJedis redis, String prefix, Duration retention) {
        this.redis = redis;
        this.prefix = prefix;
        this.retention = retention;
        // the leases hash lets REDELIVER tell an attempt in flight from a due entry
        this.dueSet = new LeasedSchedule(redis, dueKey(), leasesKey());
        this.ready = new RebuildMarker(redis, readyKey());
    }

    // ------------------------------------------------------------------ keys

    String dueKey() { return prefix + "due"; }
    String leasesKey() { return prefix + "leases"; }
    String manualKey() { return prefix + "manual"; }
    String readyKey() { return prefix + "ready"; }
    String recordKey(String deliveryId) { return prefix + "delivery:" + deliveryId; }
    String jobKey(String jobId) { return prefix + "job:" + jobId; }

    // ------------------------------------------------------------------ deliveries

    /** Stores a new delivery, due at its {@code nextAttemptAt}. @return false when it already existed */
    public boolean create(Delivery delivery) {
        Object r = redis.eval(CREATE, List.of(recordKey(delivery.id()), jobKey(delivery.jobId()), dueKey()),
                List.of(JsonCodec.toJson(delivery), delivery.id(), Long.toString(delivery.nextAttemptAt().toEpochMilli()),
                        Long.toString(retention.toMillis())));
        return asLong(r) == 1;
    }

    public boolean exists(String deliveryId) {
        return redis.exists(recordKey(deliveryId));
    }

    public Optional<Delivery> load(String deliveryId) {
        String json = redis.get(recordKey(deliveryId));
        return json == null ? Optional.empty() : Optional.of(JsonCodec.fromJson(json, Delivery.class));
    }

    /** A job's deliveries, oldest first. */
    public List<Delivery> forJob(String jobId) {
        Set<String> ids = redis.smembers(jobKey(jobId));
        List<Delivery> deliveries = new ArrayList<>(ids.size());
        for (String id : ids) {
            load(id).ifPresent(deliveries::add);
        }
        deliveries.sort(Comparator.comparing(Delivery::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Delivery::id));
        return deliveries;
    }

    /** Claims up to {@code max} deliveries due at {@code nowMillis}, each leased until {@code nowMillis + lease}. */
    public List<ClaimedDelivery> claim(long nowMillis, int max, Duration lease) {
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (LeasedSchedule.Claim c : dueSet.claim(nowMillis, max, lease)) {
            claimed.add(new ClaimedDelivery(c.member(), c.dueAtMillis(), c.leaseUntilMillis()));
        }
        return claimed;
    }

    /** Whether the due entry still carries our claim's score (or vanished with a wiped Redis). */
    public boolean holdsLease(ClaimedDelivery claim) {
        return dueSet.holdsLease(claim.deliveryId(), claim.leaseUntilMillis());
    }

    /** Consumes a manual redelivery request. @return whether there was one */
    public boolean takeManualRequest(String deliveryId) {
        return redis.srem(manualKey(), deliveryId) > 0;
    }

    /**
     * Stores the delivery after an attempt and schedules its next one ({@code nextAttemptAt}, or none when finished).
     *
     * @return false when the lease was lost: another instance owns the delivery now and nothing was written
     */
    public boolean save(Delivery delivery, ClaimedDelivery claim, Instant now) {
        long next = delivery.status().isFinished() || delivery.nextAttemptAt() == null
                ? -1 : delivery.nextAttemptAt().toEpochMilli();
        long ttl = delivery.status().isFinished() ? retention.toMillis() : 0;
        Object r = redis.eval(SAVE,
                List.of(recordKey(delivery.id()), dueKey(), leasesKey(), manualKey(), jobKey(delivery.jobId())),
                List.of(delivery.id(), Long.toString(claim.leaseUntilMillis()), JsonCodec.toJson(delivery),
                        Long.toString(delivery.version()), Long.toString(next), Long.toString(ttl),
                        Long.toString(now.toEpochMilli()), Long.toString(retention.toMillis())));
        return asLong(r) == 1;
    }

    /** Gives a claim back, due at {@code dueAt} (null: removed), if the lease is still ours. */
    public boolean release(ClaimedDelivery claim, Instant dueAt) {
        return dueSet.release(claim.deliveryId(), claim.leaseUntilMillis(), dueAt == null ? -1 : dueAt.toEpochMilli());
    }

    public Redelivery redeliver(String deliveryId, Instant now) {
        Object r = redis.eval(REDELIVER, List.of(recordKey(deliveryId), dueKey(), leasesKey(), manualKey()),
                List.of(deliveryId, Long.toString(now.toEpochMilli())));
        return Redelivery.values()[(int) asLong(r)];
    }

    /**
     * Writes a delivery read from the deliveries topic when it is newer than Redis' copy. A finished one keeps the rest
     * of its retention; one whose retention is over is skipped.
     *
     * @return whether it was written
     */
    public boolean restore(Delivery delivery, Instant now) {
        long ttl = 0;
        if (delivery.status().isFinished()) {
            Instant updated = delivery.updatedAt() == null ? now : delivery.updatedAt();
            ttl = Duration.between(now, updated.plus(retention)).toMillis();
            if (ttl <= 0) {
                return false;
            }
        }
        long due = delivery.nextAttemptAt() == null ? now.toEpochMilli() : delivery.nextAttemptAt().toEpochMilli();
        Object r = redis.eval(RESTORE, List.of(recordKey(delivery.id()), jobKey(delivery.jobId()), dueKey()),
                List.of(JsonCodec.toJson(delivery), delivery.id(), Long.toString(delivery.version()),
                        delivery.status().wireName(), Long.toString(due), Long.toString(ttl),
                        Long.toString(retention.toMillis())));
        return asLong(r) == 1;
    }

    /** The due time (or lease end) of a delivery, if it is scheduled. */
    public Optional<Long> dueAt(String deliveryId) {
        return dueSet.dueAt(deliveryId);
    }

    /** Deliveries with an attempt ahead (pending, or a manual redeliver asked for). */
    public long pending() {
        return dueSet.size();
    }

    // ------------------------------------------------------------------ rebuild marker

    /** True once the schedule was rebuilt from Kafka; false after Redis was wiped and while a rebuild runs. */
    public boolean isReady() {
        String marker = ready.value();
        return marker != null && marker.startsWith("ready");
    }

    /** True when no instance has rebuilt the schedule or is rebuilding it (the marker is gone). */
    public boolean isLost() {
        return !ready.exists();
    }

    /** Takes the rebuild for this instance, with a marker that expires after {@code timeout} in case it dies. */
    public boolean beginRebuild(String token, Duration timeout) {
        return ready.begin(token, timeout);
    }

    /** Marks the schedule ready, if our marker is still there (not wiped again meanwhile). */
    public boolean completeRebuild(String token, String readyValue) {
        return ready.complete(token, "ready " + readyValue);
    }

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
