package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.api.webhooks.CompactedTopicReader;
import dev.mediajobs.common.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rebuilds the delivery schedule from the compacted deliveries topic when Redis lost it (its ready marker is gone): at
 * start-up and then every {@code mediajobs.webhooks.rebuild-check-interval}. Every write is upsert-if-newer, so the
 * rebuild, new deliveries and attempts in flight never undo each other; a marker with an expiry lets one instance do
 * the work while the others wait for it. Until the marker says ready, no new deliveries are planned. Only the latest
 * version of a pending delivery is scheduled; the pending ones are held in memory until the topic is read (they are
 * few: deliveries still retrying), finished ones are written as they come.
 */
public class DeliveryRebuilder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRebuilder.class);

    /** After this long an unfinished rebuild (its instance died) is started again by another instance. */
    static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(10);

    private final DeliverySchedule schedule;
    private final CompactedTopicReader reader;
    private final String topic;
    private final Duration interval;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private ScheduledExecutorService checker;
    private volatile boolean running;

    public DeliveryRebuilder(DeliverySchedule schedule, CompactedTopicReader reader, String topic, Duration interval,
                             Clock clock) {
        this.schedule = schedule;
        this.reader = reader;
        this.topic = topic;
        this.interval = interval;
        this.clock = clock;
    }

    /** @return the deliveries restored, or -1 when no rebuild was needed (or another instance is on it) */
    public long rebuildIfLost() {
        if (!schedule.isLost()) {
            return -1;
        }
        String token = instanceId + "/" + UUID.randomUUID();
        if (!schedule.beginRebuild(token, REBUILD_TIMEOUT)) {
            return -1;
        }
        log.warn("the webhook delivery schedule is missing from Redis; rebuilding it from {}", topic);
        long started = System.nanoTime();
        AtomicLong restored = new AtomicLong();
        Map<String, Delivery> pending = new HashMap<>();
        long read;
        try {
            Instant now = clock.instant();
            read = reader.readAll(topic, (key, value, offset) -> {
                Delivery delivery = parse(key, value, offset);
                if (delivery == null) {
                    return;
                }
                if (delivery.status().isFinished()) {
                    // final (a manual redeliver only adds a newer finished version): safe to write at once
                    pending.computeIfPresent(delivery.id(), (id, held) -> held.version() > delivery.version() ? held : null);
                    if (schedule.restore(delivery, now)) {
                        restored.incrementAndGet();
                    }
                } else {
                    // an older pending version must never be scheduled: a worker could attempt it before the newer
                    // version arrives, earlier than its Retry-After or schedule allow. Keep the latest, write at the end.
                    pending.merge(delivery.id(), delivery, (a, b) -> b.version() >= a.version() ? b : a);
                }
            });
            for (Delivery delivery : pending.values()) {
                if (schedule.restore(delivery, now)) {
                    restored.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            schedule.abandonRebuild(token); // let the next check (here or elsewhere) try again at once
            throw e;
        }
        boolean marked = schedule.completeRebuild(token, instanceId + " " + clock.instant());
        log.info("rebuilt the webhook delivery schedule: {} records read, {} written to Redis ({} pending) in {} ms{}",
                read, restored.get(), pending.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                marked ? "" : " (Redis was wiped again meanwhile; rebuilding once more at the next check)");
        return restored.get();
    }

    private Delivery parse(String key, String value, long offset) {
        if (value == null) {
            return null;
        }
        try {
            return JsonCodec.fromJson(value, Delivery.class);
        } catch (RuntimeException e) {
            log.error("skipping unreadable delivery {} at offset {} of {}", key, offset, topic);
            return null;
        }
    }

    private void checkSafely() {
        try {
            rebuildIfLost();
        } catch (RuntimeException e) {
            log.warn("could not check or rebuild the webhook delivery schedule (next try in {}): {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-rebuild");
            t.setDaemon(true);
            return t;
        });
        running = true;
        checker.scheduleWithFixedDelay(this::checkSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService c;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            c = checker;
        }
        c.shutdownNow();
        try {
            c.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
