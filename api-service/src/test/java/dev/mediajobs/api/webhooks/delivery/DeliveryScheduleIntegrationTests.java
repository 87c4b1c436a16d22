package dev.mediajobs.api.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

/** The delivery schedule against a real Redis: leases, fencing, manual redeliveries and restoring from Kafka. */
class DeliveryScheduleIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static UnifiedJedis redis;
    private String prefix;
    private DeliverySchedule schedule;
    private final Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "test:" + UUID.randomUUID() + ":";
        schedule = new DeliverySchedule(redis, prefix, Duration.ofDays(30));
    }

    private Delivery pending(String jobId, Instant due) {
        Delivery d = Delivery.create(jobId, "acme", Delivery.JOB_TARGET, "https://h.example/x", jobId + ":5",
                "job.succeeded", "{}", now);
        return new Delivery(d.id(), d.jobId(), d.tenant(), d.target(), d.url(), d.eventId(), d.eventType(), d.body(),
                d.status(), 0, 0, List.of(), due, null, now, now, 1);
    }

    @Test
    void createsOncePerIdAndIndexesByJob() {
        Delivery d = pending("job-1", now);

        assertThat(schedule.create(d)).isTrue();
        assertThat(schedule.create(d)).as("a re-delivered event").isFalse();
        assertThat(schedule.forJob("job-1")).extracting(Delivery::id).containsExactly("job-1:succeeded:job");
        assertThat(schedule.dueAt(d.id())).contains(now.toEpochMilli());
        assertThat(schedule.pending()).isEqualTo(1);
    }

    @Test
    void aClaimLeasesTheDeliveryUntilItIsSavedOrTheLeaseRunsOut() {
        Delivery d = pending("job-2", now);
        schedule.create(d);

        List<ClaimedDelivery> first = schedule.claim(now.toEpochMilli(), 10, LEASE);
        assertThat(first).extracting(ClaimedDelivery::deliveryId).containsExactly(d.id());
        assertThat(schedule.claim(now.plusSeconds(29).toEpochMilli(), 10, LEASE)).as("leased").isEmpty();

        // the first claimant went silent: after the lease another takes over, and the first may no longer write
        List<ClaimedDelivery> second = schedule.claim(now.plusSeconds(31).toEpochMilli(), 10, LEASE);
        assertThat(second).hasSize(1);
        assertThat(schedule.holdsLease(first.get(0))).isFalse();
        Delivery attempted = d.after(new DeliveryAttempt(1, now, AttemptOutcome.HTTP_ERROR, 500, "HTTP 500", 3, false),
                true, DeliveryStatus.PENDING, now.plusSeconds(300), "HTTP 500", now);
        assertThat(schedule.save(attempted, first.get(0), now)).isFalse();
        assertThat(schedule.load(d.id()).orElseThrow().attemptCount()).isZero();

        assertThat(schedule.save(attempted, second.get(0), now)).isTrue();
        assertThat(schedule.load(d.id()).orElseThrow().attemptCount()).isEqualTo(1);
        assertThat(schedule.dueAt(d.id())).contains(now.plusSeconds(300).toEpochMilli());
    }

    @Test
    void concurrentClaimantsNeverGetTheSameDelivery() throws Exception {
        for (int i = 0; i < 200; i++) {
            schedule.create(pending("job-c" + i, now));
        }
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            // each thread its own schedule object, as each api-service instance has
            DeliverySchedule instance = new DeliverySchedule(redis, prefix, Duration.ofDays(30));
            futures.add(pool.submit(() -> {
                start.await();
                List<ClaimedDelivery> batch;
                while (!(batch = instance.claim(now.toEpochMilli(), 7, LEASE)).isEmpty()) {
                    for (ClaimedDelivery c : batch) {
                        if (!claimed.add(c.deliveryId())) {
                            synchronized (duplicates) {
                                duplicates.add(c.deliveryId());
                            }
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        assertThat(duplicates).isEmpty();
        assertThat(claimed).hasSize(200);
    }

    @Test
    void aRedeliverDuringAnAttemptMakesItDueRightAfterTheSave() {
        Delivery d = pending("job-3", now);
        schedule.create(d);
        ClaimedDelivery claim = schedule.claim(now.toEpochMilli(), 1, LEASE).get(0);

        assertThat(schedule.redeliver(d.id(), now.plusSeconds(1))).isEqualTo(DeliverySchedule.Redelivery.AFTER_CURRENT_ATTEMPT);
        assertThat(schedule.holdsLease(claim)).as("the attempt in flight keeps its lease").isTrue();
        Delivery delivered = d.after(new DeliveryAttempt(1, now, AttemptOutcome.SUCCESS, 204, null, 3, false), false,
                DeliveryStatus.DELIVERED, null, null, now);
        assertThat(schedule.save(delivered, claim, now.plusSeconds(2))).isTrue();

        assertThat(schedule.dueAt(d.id())).contains(now.plusSeconds(2).toEpochMilli());
        assertThat(schedule.takeManualRequest(d.id())).isTrue();
        assertThat(schedule.takeManualRequest(d.id())).isFalse();
        assertThat(schedule.redeliver("no-such-delivery", now)).isEqualTo(DeliverySchedule.Redelivery.NOT_FOUND);
    }

    @Test
    void aFinishedDeliveryLeavesTheDueSetAndARedeliverBringsItBack() {
        Delivery d = pending("job-4", now);
        schedule.create(d);
        ClaimedDelivery claim = schedule.claim(now.toEpochMilli(), 1, LEASE).get(0);
        Delivery delivered = d.after(new DeliveryAttempt(1, now, AttemptOutcome.SUCCESS, 200, null, 3, false), false,
                DeliveryStatus.DELIVERED, null, null, now);
        schedule.save(delivered, claim, now);

        assertThat(schedule.dueAt(d.id())).isEmpty();
        assertThat(schedule.redeliver(d.id(), now.plusSeconds(5))).isEqualTo(DeliverySchedule.Redelivery.DUE_NOW);
        assertThat(schedule.dueAt(d.id())).contains(now.plusSeconds(5).toEpochMilli());
    }

    @Test
    void restoringKeepsTheNewestVersionAndSchedulesOnlyPendingOnes() {
        Instant realNow = Instant.now();
        Delivery v1 = pending("job-5", realNow.plusSeconds(60));
        Delivery v2 = v1.after(new DeliveryAttempt(1, realNow, AttemptOutcome.SUCCESS, 204, null, 3, false), false,
                DeliveryStatus.DELIVERED, null, null, realNow);

        assertThat(schedule.restore(v2, realNow)).isTrue();
        assertThat(schedule.restore(v1, realNow)).as("older than what Redis holds").isFalse();
        assertThat(schedule.load(v1.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(schedule.dueAt(v1.id())).isEmpty();

        Delivery other = pending("job-6", realNow.plusSeconds(60));
        assertThat(schedule.restore(other, realNow)).isTrue();
        assertThat(schedule.dueAt(other.id())).contains(realNow.plusSeconds(60).toEpochMilli());
        assertThat(schedule.forJob("job-6")).hasSize(1);

        Delivery ancient = pending("job-7", realNow).after(
                new DeliveryAttempt(1, realNow, AttemptOutcome.SUCCESS, 204, null, 3, false), false,
                DeliveryStatus.DELIVERED, null, null, realNow.minus(Duration.ofDays(31)));
        assertThat(schedule.restore(ancient, realNow)).as("its retention is over").isFalse();
    }

    @Test
    void theReadyMarkerIsTakenByOneRebuilderAtATime() {
        assertThat(schedule.isLost()).isTrue();
        assertThat(schedule.isReady()).isFalse();
        assertThat(schedule.beginRebuild("a", Duration.ofMinutes(1))).isTrue();
        assertThat(schedule.beginRebuild("b", Duration.ofMinutes(1))).isFalse();
        assertThat(schedule.isLost()).isFalse();
        assertThat(schedule.isReady()).as("rebuilding is not ready").isFalse();
        assertThat(schedule.completeRebuild("b", "x")).isFalse();
        assertThat(schedule.completeRebuild("a", "x")).isTrue();
        assertThat(schedule.isReady()).isTrue();
    }
}
