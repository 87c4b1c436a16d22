package dev.mediajobs.api.view;

import dev.mediajobs.support.kafka.StateTopicReader;
import dev.mediajobs.support.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis is a cache of Kafka. At start-up and then every {@code mediajobs.api.view-rebuild-check-interval} this checks
 * the {@code mj:view:ready} marker; when it is missing (a fresh or flushed Redis) the view is rebuilt from every latest
 * snapshot on the compacted state topic and the marker set. Events arriving meanwhile are applied as usual: the view
 * keeps whichever version is newest.
 */
public class ViewRebuilder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ViewRebuilder.class);

    private final UnifiedJedis redis;
    private final StateTopicReader stateTopic;
    private final ViewApplier applier;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    public ViewRebuilder(UnifiedJedis redis, StateTopicReader stateTopic, ViewApplier applier, Duration interval) {
        this.redis = redis;
        this.stateTopic = stateTopic;
        this.applier = applier;
        this.interval = interval;
    }

    /** Rebuilds when the marker is missing. @return whether it rebuilt */
    public boolean rebuildIfNeeded() {
        if (redis.exists(RedisKeys.VIEW_READY)) {
            return false;
        }
        log.info("job view marker {} missing: rebuilding the view from the state topic", RedisKeys.VIEW_READY);
        long started = System.nanoTime();
        AtomicLong applied = new AtomicLong();
        long read = stateTopic.readAll(job -> {
            if (applier.apply(job)) {
                applied.incrementAndGet();
            }
        });
        // set only after a complete read: a rebuild cut short by an error is simply done again next time
        redis.set(RedisKeys.VIEW_READY, Instant.now().toString());
        log.info("job view rebuilt: {} snapshots read, {} applied, in {} ms", read, applied.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return true;
    }

    private void check() {
        try {
            rebuildIfNeeded();
        } catch (RuntimeException e) {
            log.warn("job view rebuild check failed (retrying in {}): {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "api-view-rebuilder");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                // let a rebuild in progress notice the interrupt before Redis and Kafka clients close
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
