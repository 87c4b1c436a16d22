package dev.mediajobs.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** A provider's callback nudging the poll schedule, against a real redis-server. */
class PollNudgesIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static UnifiedJedis redis;

    private final PollNudges nudges = new PollNudges(redis);
    private final LeasedSchedule schedule = new LeasedSchedule(redis, RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES);
    private String jobId;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void clean() {
        redis.del(RedisKeys.POLL_DUE, RedisKeys.POLL_LEASES);
        jobId = "job-" + UUID.randomUUID();
    }

    @Test
    void aWaitingTaskBecomesDueNowByRedisTime() {
        long later = System.currentTimeMillis() + 3_600_000;
        redis.zadd(RedisKeys.POLL_DUE, later, jobId);

        assertThat(nudges.nudge(jobId)).isTrue();

        long now = System.currentTimeMillis();
        assertThat(schedule.dueAt(jobId).orElseThrow()).isLessThanOrEqualTo(now).isGreaterThan(now - 60_000);
        assertThat(schedule.claim(now, 10, LEASE)).extracting(LeasedSchedule.Claim::member).containsExactly(jobId);
    }

    @Test
    void anOverdueTaskKeepsItsPlaceInTheQueue() {
        redis.zadd(RedisKeys.POLL_DUE, 1_000, jobId);

        nudges.nudge(jobId);

        assertThat(schedule.dueAt(jobId)).contains(1_000L);
    }

    @Test
    void aTaskBeingPolledKeepsItsLeaseAndGetsTheFlagInstead() {
        long t = System.currentTimeMillis();
        redis.zadd(RedisKeys.POLL_DUE, t, jobId);
        LeasedSchedule.Claim claim = schedule.claim(t, 1, LEASE).getFirst();

        assertThat(nudges.nudge(jobId)).isTrue();

        assertThat(schedule.dueAt(jobId)).contains(claim.leaseUntilMillis());
        assertThat(schedule.holdsLease(jobId, claim.leaseUntilMillis())).isTrue();
        assertThat(nudges.isPending(jobId)).isTrue();
    }

    @Test
    void aStaleLeaseNoteDoesNotHoldTheTaskBack() {
        long later = System.currentTimeMillis() + 3_600_000;
        redis.zadd(RedisKeys.POLL_DUE, later, jobId);
        redis.hset(RedisKeys.POLL_LEASES, jobId, Long.toString(later - 5_000)); // a lease that ended long ago

        nudges.nudge(jobId);

        assertThat(schedule.dueAt(jobId).orElseThrow()).isLessThanOrEqualTo(System.currentTimeMillis());
    }

    @Test
    void aJobThatIsNotScheduledAnswersFalseButKeepsTheFlagForWhenItIs() {
        assertThat(nudges.nudge(jobId)).isFalse();

        assertThat(schedule.dueAt(jobId)).isEmpty();
        assertThat(nudges.isPending(jobId)).isTrue();
        assertThat(redis.pttl(RedisKeys.pollNudge(jobId))).isBetween(1L, PollNudges.DEFAULT_FLAG_TTL.toMillis());
    }

    @Test
    void theFlagIsTakenOnce() {
        nudges.nudge(jobId);

        assertThat(nudges.consume(jobId)).isTrue();
        assertThat(nudges.consume(jobId)).isFalse();
        assertThat(nudges.isPending(jobId)).isFalse();
    }

    @Test
    void theFlagNeedsATimeToLive() {
        assertThatThrownBy(() -> new PollNudges(redis, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
