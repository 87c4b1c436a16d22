package dev.mediajobs.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The leased due set and the rebuild marker against a real redis-server. */
class LeasedScheduleIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String DUE = "mj:test:leased:due";
    private static final String LEASES = "mj:test:leased:leases";
    private static final String MARKER = "mj:test:leased:ready";
    private static final long T = 1_800_000_000_000L;

    private static UnifiedJedis redisA;
    private static UnifiedJedis redisB;

    @BeforeAll
    static void connect() {
        redisA = RedisClient.create(URI.create(TestRedis.url()));
        redisB = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void close() {
        redisA.close();
        redisB.close();
    }

    @BeforeEach
    void clean() {
        redisA.del(DUE, LEASES, MARKER);
    }

    @Test
    void claimsTheMostOverdueFirstUpToTheLimitAndLeasesThem() {
        LeasedSchedule schedule = new LeasedSchedule(redisA, DUE);
        redisA.zadd(DUE, T - 100, "later");
        redisA.zadd(DUE, T - 5_000, "earlier");
        redisA.zadd(DUE, T + 1, "not-yet");

        List<LeasedSchedule.Claim> claimed = schedule.claim(T, 10, LEASE);

        assertThat(claimed).containsExactly(
                new LeasedSchedule.Claim("earlier", T - 5_000, T + LEASE.toMillis()),
                new LeasedSchedule.Claim("later", T - 100, T + LEASE.toMillis()));
        assertThat(schedule.dueAt("earlier")).contains(T + LEASE.toMillis());
        assertThat(schedule.dueAt("not-yet")).contains(T + 1);
        assertThat(schedule.size()).isEqualTo(3);
        assertThat(schedule.claim(T + LEASE.toMillis() - 1, 10, LEASE)).extracting(LeasedSchedule.Claim::member)
                .containsExactly("not-yet");
        assertThat(schedule.claim(T, 0, LEASE)).isEmpty();
        assertThat(redisA.exists(LEASES)).as("no leases hash unless asked for").isFalse();
    }

    @Test
    void twoInstancesClaimingAtOnceNeverGetTheSameMember() throws Exception {
        LeasedSchedule a = new LeasedSchedule(redisA, DUE);
        LeasedSchedule b = new LeasedSchedule(redisB, DUE);
        for (int i = 0; i < 200; i++) {
            redisA.zadd(DUE, T - i, "m" + i);
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> byA = threads.submit(claimAll(a, go));
            Future<List<String>> byB = threads.submit(claimAll(b, go));
            go.countDown();
            List<String> all = new ArrayList<>(byA.get());
            all.addAll(byB.get());
            assertThat(all).hasSize(200);
            assertThat(new HashSet<>(all)).hasSize(200);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Callable<List<String>> claimAll(LeasedSchedule schedule, CountDownLatch go) {
        return () -> {
            go.await();
            List<String> claimed = new ArrayList<>();
            List<LeasedSchedule.Claim> batch;
            do {
                batch = schedule.claim(T, 7, LEASE);
                batch.forEach(c -> claimed.add(c.member()));
            } while (!batch.isEmpty());
            return claimed;
        };
    }

    @Test
    void aLaterClaimFencesOffTheEarlierOneAndAVanishedEntryCountsAsHeld() {
        LeasedSchedule a = new LeasedSchedule(redisA, DUE);
        LeasedSchedule b = new LeasedSchedule(redisB, DUE);
        redisA.zadd(DUE, T, "m");
        LeasedSchedule.Claim first = a.claim(T, 1, LEASE).getFirst();
        assertThat(a.holdsLease(first.member(), first.leaseUntilMillis())).isTrue();

        LeasedSchedule.Claim second = b.claim(first.leaseUntilMillis(), 1, LEASE).getFirst();

        assertThat(second.dueAtMillis()).isEqualTo(first.leaseUntilMillis());
        assertThat(a.holdsLease(first.member(), first.leaseUntilMillis())).isFalse();
        assertThat(b.holdsLease(second.member(), second.leaseUntilMillis())).isTrue();
        assertThat(a.release(first.member(), first.leaseUntilMillis(), T)).as("lost lease").isFalse();
        assertThat(a.dueAt("m")).contains(second.leaseUntilMillis());

        redisA.del(DUE); // Redis wiped mid-work
        assertThat(b.holdsLease(second.member(), second.leaseUntilMillis())).isTrue();
    }

    @Test
    void releaseReschedulesOrRemovesAndClearsTheLeaseNote() {
        LeasedSchedule schedule = new LeasedSchedule(redisA, DUE, LEASES);
        redisA.zadd(DUE, T, "again");
        redisA.zadd(DUE, T, "done");
        List<LeasedSchedule.Claim> claimed = schedule.claim(T, 10, LEASE);
        assertThat(redisA.hget(LEASES, "again")).isEqualTo(Long.toString(T + LEASE.toMillis()));
        assertThat(redisA.hlen(LEASES)).isEqualTo(2);

        LeasedSchedule.Claim again = claimed.stream().filter(c -> c.member().equals("again")).findFirst().orElseThrow();
        LeasedSchedule.Claim done = claimed.stream().filter(c -> c.member().equals("done")).findFirst().orElseThrow();
        assertThat(schedule.release(again.member(), again.leaseUntilMillis(), T + 60_000)).isTrue();
        assertThat(schedule.release(done.member(), done.leaseUntilMillis(), -1)).isTrue();

        assertThat(schedule.dueAt("again")).contains(T + 60_000);
        assertThat(schedule.dueAt("done")).isEmpty();
        assertThat(redisA.exists(LEASES)).isFalse();
    }

    @Test
    void oneRebuildAtATimeAndAWipeDuringItIsNoticed() {
        RebuildMarker a = new RebuildMarker(redisA, MARKER);
        RebuildMarker b = new RebuildMarker(redisB, MARKER);
        assertThat(a.exists()).isFalse();

        assertThat(a.begin("a", Duration.ofMinutes(1))).isTrue();
        assertThat(b.begin("b", Duration.ofMinutes(1))).isFalse();
        assertThat(a.value()).isEqualTo("rebuilding a");
        assertThat(redisA.pttl(MARKER)).as("a rebuild in progress expires").isPositive();
        assertThat(b.complete("b", "ready b")).isFalse();
        b.abandon("b");
        assertThat(a.exists()).as("another's abandon leaves our marker").isTrue();
        assertThat(a.complete("a", "ready a")).isTrue();
        assertThat(b.value()).isEqualTo("ready a");
        assertThat(redisA.pttl(MARKER)).as("ready never expires").isEqualTo(-1L);
        assertThat(b.begin("b", Duration.ofMinutes(1))).as("already ready").isFalse();

        redisA.del(MARKER);
        assertThat(a.begin("a2", Duration.ofMinutes(1))).isTrue();
        redisA.del(MARKER); // wiped again mid-rebuild
        assertThat(a.complete("a2", "ready a")).isFalse();
        assertThat(a.exists()).isFalse();

        assertThat(b.begin("b2", Duration.ofMinutes(1))).isTrue();
        b.abandon("b2");
        assertThat(a.exists()).as("abandoned: the next check may start at once").isFalse();
    }
}
