package dev.mediajobs.poller.tracking;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.poller.config.PollerProperties;
import dev.mediajobs.poller.schedule.PollSchedule;
import dev.mediajobs.support.kafka.StateTopicReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rebuilds the poll schedule from the compacted state topic when Redis lost it (the {@code POLL_READY} marker is
 * gone): at start-up and then every {@code mediajobs.poller.rebuild-check-interval}. Every write is upsert-if-newer,
 * so instances rebuilding at once, the events listener and running polls never undo each other; a marker with an
 * expiry lets one instance do the work while the others skip it.
 *
 * <p>The order matters for the concurrency limits: the wipe took the providers' slots with it, and while the marker
 * is missing or says "rebuilding" the limiter refuses submits to providers with a concurrency limit. Tracking each
 * task found in flight holds its slot again ({@link TaskTracker#rebuild}), and only after every one of them is held
 * is the schedule marked ready, which lets submits take the slots that are really free.
 */
public class ScheduleRebuilder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRebuilder.class);

    /** After this long an unfinished rebuild (its instance died) is started again by another instance. */
    static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(10);

    private final PollSchedule schedule;
    private final TaskTracker tracker;
    private final StateTopicReader stateReader;
    private final PollerProperties properties;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private ScheduledExecutorService checker;
    private volatile boolean running;

    public ScheduleRebuilder(PollSchedule schedule, TaskTracker tracker, StateTopicReader stateReader,
                             PollerProperties properties, Clock clock) {
        this.schedule = schedule;
        this.tracker = tracker;
        this.stateReader = stateReader;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poller-rebuild");
            t.setDaemon(true);
            return t;
        });
        running = true;
        checker.scheduleWithFixedDelay(this::checkSafely, 0, properties.getRebuildCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            rebuildIfLost();
        } catch (RuntimeException e) {
            log.warn("could not check or rebuild the poll schedule (next try in {}): {}",
                    properties.getRebuildCheckInterval(), e.toString());
        }
    }

    /** @return the number of tasks scheduled, or -1 when no rebuild was needed (or another instance is on it) */
    public long rebuildIfLost() {
        if (schedule.isRebuilt()) {
            return -1;
        }
        String token = instanceId + "/" + UUID.randomUUID();
        if (!schedule.beginRebuild(token, REBUILD_TIMEOUT)) {
            return -1;
        }
        log.warn("the poll schedule is missing from Redis; rebuilding it from the state topic");
        long started = System.nanoTime();
        long read;
        long scheduled = 0;
        Instant now;
        try {
            Map<String, Job> latest = new HashMap<>();
            read = stateReader.readAll(job -> keepLatest(latest, job, clock.instant()));
            now = clock.instant();
            // every in-flight task's slot is held here, before completeRebuild lets submits in again
            for (Job job : latest.values()) {
                if (tracker.rebuild(job, now) == TaskTracker.Change.TRACKED) {
                    scheduled++;
                }
            }
        } catch (RuntimeException e) {
            schedule.abandonRebuild(token); // let the next check (here or elsewhere) try again at once
            throw e;
        }
        boolean marked = schedule.completeRebuild(token, "ready " + instanceId + " " + now);
        log.info("rebuilt the poll schedule: {} in-flight tasks scheduled from {} snapshots in {} ms{}", scheduled, read,
                (System.nanoTime() - started) / 1_000_000,
                marked ? "" : " (Redis was wiped again meanwhile; rebuilding once more at the next check)");
        return scheduled;
    }

    /**
     * Keeps, per job, the latest snapshot that matters: in flight, or finished recently enough to deserve a tombstone.
     * Older finished jobs are dropped from memory, so a rebuild holds only about as many jobs as are in flight.
     */
    private void keepLatest(Map<String, Job> latest, Job job, Instant now) {
        Job known = latest.get(job.id());
        if (known != null && known.version() > job.version()) {
            return;
        }
        boolean recent = job.updatedAt() != null
                && job.updatedAt().isAfter(now.minus(properties.getFinishedTaskRetention()));
        if (job.state().isInFlightAtProvider() || (recent && job.state() != JobState.QUEUED)) {
            latest.put(job.id(), job);
        } else {
            latest.remove(job.id());
        }
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
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
