package dev.mediajobs.api.webhooks.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's share of the deliveries (like the poller's {@code PollLoop}): one thread claims due deliveries every
 * tick, each claimed delivery is attempted on a virtual thread, and a semaphore bounds the attempts in flight. A tick
 * never claims more than it has free permits, so a claimed delivery never waits in a local queue while its lease runs
 * down. On shutdown, attempts get a short grace; those cut short give their claim back so that any instance can take
 * the delivery up at once rather than after the lease.
 */
public class DeliveryLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final DeliverySchedule schedule;
    private final DeliveryWorker worker;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final Duration tick;
    private final Duration lease;
    private final int maxConcurrent;
    private final Semaphore permits;
    private ScheduledExecutorService claimer;
    private ExecutorService attempts;
    private volatile boolean running;

    public DeliveryLoop(DeliverySchedule schedule, DeliveryWorker worker, WebhookMetrics metrics, Clock clock,
                        Duration tick, Duration lease, int maxConcurrent) {
        this.schedule = schedule;
        this.worker = worker;
        this.metrics = metrics;
        this.clock = clock;
        this.tick = tick;
        this.lease = lease;
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        attempts = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory());
        claimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-claim");
            t.setDaemon(true);
            return t;
        });
        running = true;
        claimer.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        log.info("delivering webhooks: due deliveries claimed every {} ms, up to {} attempts at once, leases of {} s",
                tick.toMillis(), maxConcurrent, lease.toSeconds());
    }

    /** One look at the due set; keeps claiming while full batches come back and permits are free. */
    void tick() {
        try {
            int free;
            while (running && (free = permits.availablePermits()) > 0) {
                long now = clock.millis();
                List<ClaimedDelivery> claimed = schedule.claim(now, free, lease);
                for (ClaimedDelivery delivery : claimed) {
                    metrics.lateness(Duration.ofMillis(now - delivery.dueAtMillis()));
                    submit(delivery);
                }
                if (claimed.size() < free) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // e.g. Redis unreachable: try again next tick; never let the claiming thread die
            log.warn("could not claim due webhook deliveries: {}", e.toString());
        }
    }

    private void submit(ClaimedDelivery delivery) {
        permits.acquireUninterruptibly(); // immediate: only this thread acquires, and it claimed no more than were free
        try {
            attempts.execute(() -> {
                try {
                    worker.attempt(delivery);
                } catch (Throwable t) {
                    // e.g. Kafka or Redis down while recording: the lease runs out and the attempt is made again
                    log.error("webhook delivery {} failed to complete: {}", delivery.deliveryId(), t.toString());
                } finally {
                    permits.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            permits.release();
            giveBack(delivery);
        }
    }

    private void giveBack(ClaimedDelivery delivery) {
        try {
            schedule.release(delivery, clock.instant());
        } catch (RuntimeException e) {
            log.debug("could not give back delivery {} (its lease runs out instead): {}", delivery.deliveryId(), e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService c;
        ExecutorService a;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            c = claimer;
            a = attempts;
        }
        c.shutdown();
        try {
            c.awaitTermination(5, TimeUnit.SECONDS);
            a.shutdown();
            if (!a.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} webhook attempts still running after {}; interrupting them", inFlight(), SHUTDOWN_GRACE);
                a.shutdownNow();
                a.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Attempts running right now. */
    public int inFlight() {
        return maxConcurrent - permits.availablePermits();
    }
}
