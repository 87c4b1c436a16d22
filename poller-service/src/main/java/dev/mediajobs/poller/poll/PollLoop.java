package dev.mediajobs.poller.poll;

import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.metrics.PollerMetrics;
import dev.mediajobs.poller.schedule.ClaimedTask;
import dev.mediajobs.poller.schedule.PollSchedule;
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
 * This instance's share of the polling: one scheduler thread claims due tasks every tick, and each claimed task is
 * polled on a virtual thread. A semaphore bounds the polls in flight, and a tick never claims more tasks than it has
 * free permits, so a claimed task never waits in a local queue while its lease runs down (other instances would
 * claim what this one cannot poll).
 */
public class PollLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

    private final PollSchedule schedule;
    private final TaskPoller poller;
    private final PollerProperties properties;
    private final PollerMetrics metrics;
    private final Clock clock;
    private final Semaphore permits;
    private ScheduledExecutorService claimer;
    private ExecutorService polls;
    private volatile boolean running;

    public PollLoop(PollSchedule schedule, TaskPoller poller, PollerProperties properties, PollerMetrics metrics, Clock clock) {
        this.schedule = schedule;
        this.poller = poller;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.permits = new Semaphore(properties.getMaxConcurrentPolls());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        polls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("poll-", 0).factory());
        claimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poller-claim");
            t.setDaemon(true);
            return t;
        });
        running = true;
        claimer.scheduleWithFixedDelay(this::tick, 0, properties.getTick().toMillis(), TimeUnit.MILLISECONDS);
        log.info("polling every {} ms, up to {} polls at once, claims of up to {} tasks leased for {} s",
                properties.getTick().toMillis(), properties.getMaxConcurrentPolls(), properties.getBatchSize(),
                properties.getLease().toSeconds());
    }

    /** One look at the due set; keeps claiming while full batches come back and permits are free. */
    void tick() {
        try {
            int free;
            while (running && (free = permits.availablePermits()) > 0) {
                int wanted = Math.min(properties.getBatchSize(), free);
                long now = clock.millis();
                List<ClaimedTask> claimed = schedule.claim(now, wanted, properties.getLease());
                for (ClaimedTask task : claimed) {
                    metrics.lateness(Duration.ofMillis(now - task.dueAtMillis()));
                    submit(task);
                }
                if (claimed.size() < wanted) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // e.g. Redis unreachable: try again next tick; never let the scheduler thread die
            log.warn("could not claim due tasks: {}", e.toString());
        }
    }

    private void submit(ClaimedTask task) {
        permits.acquireUninterruptibly(); // immediate: only this thread acquires, and it claimed no more than were free
        try {
            polls.execute(() -> {
                try {
                    poller.poll(task);
                } catch (Throwable t) {
                    log.error("job {}: poll failed", task.jobId(), t);
                } finally {
                    permits.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            permits.release(); // shutting down: the lease runs out and another instance polls the task
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService c;
        ExecutorService p;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            c = claimer;
            p = polls;
        }
        c.shutdown();
        try {
            c.awaitTermination(5, TimeUnit.SECONDS);
            p.shutdown();
            if (!p.awaitTermination(properties.getShutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} polls still running after {}; their leases run out and other instances take over",
                        properties.getMaxConcurrentPolls() - permits.availablePermits(), properties.getShutdownGrace());
                p.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Polls running right now. */
    public int pollsInFlight() {
        return properties.getMaxConcurrentPolls() - permits.availablePermits();
    }
}
