package dev.mediajobs.simulator.account;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices a status call that arrives while another status call of the same task is still being answered: two
 * instances of a client polling one task at once, which a shared poll schedule with leases must never let happen.
 */
final class StatusOverlaps {

    private static final int SAMPLE_SIZE = 20;

    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong overlaps = new AtomicLong();
    // guarded by itself
    private final List<String> sample = new ArrayList<>();

    void begin(String taskId) {
        int before = inFlight.merge(taskId, 1, Integer::sum) - 1;
        if (before > 0) {
            overlaps.incrementAndGet();
            synchronized (sample) {
                if (sample.size() < SAMPLE_SIZE && !sample.contains(taskId)) {
                    sample.add(taskId);
                }
            }
        }
    }

    void end(String taskId) {
        inFlight.computeIfPresent(taskId, (id, count) -> count == 1 ? null : count - 1);
    }

    long count() {
        return overlaps.get();
    }

    /** Some of the tasks that were polled twice at once, for the failure message. */
    List<String> sample() {
        synchronized (sample) {
            return List.copyOf(sample);
        }
    }
}
