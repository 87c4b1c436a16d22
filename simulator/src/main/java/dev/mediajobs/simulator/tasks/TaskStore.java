package dev.mediajobs.simulator.tasks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * All tasks in memory, oldest first. Bounded so that a long load test cannot exhaust the heap: tasks older than the
 * TTL, and the oldest beyond the maximum count, are forgotten (a forgotten task answers 404, like an expired task at
 * a real provider).
 */
public final class TaskStore {

    /** The answer to a submit: the task, and whether it was created now or found by its client task id. */
    public record Submitted(SimulatedTask task, boolean created) {
    }

    private final int maxTasks;
    private final long ttlMillis;
    private final Consumer<SimulatedTask> onEvict;
    // guarded by this; insertion order is creation order, so the head is always the oldest
    private final LinkedHashMap<String, SimulatedTask> byId = new LinkedHashMap<>();
    private final Map<String, SimulatedTask> byClientTaskId = new HashMap<>();

    public TaskStore(int maxTasks, Duration ttl, Consumer<SimulatedTask> onEvict) {
        this.maxTasks = maxTasks;
        this.ttlMillis = ttl.toMillis();
        this.onEvict = onEvict;
    }

    /**
     * Adds the task unless one with the same client task id exists, in which case that one is returned: a client that
     * retries a submit whose answer it lost must not start (and pay for) a second task.
     */
    public synchronized Submitted add(SimulatedTask task, long nowMillis) {
        if (task.clientTaskId() != null) {
            SimulatedTask existing = byClientTaskId.get(task.clientTaskId());
            if (existing != null) {
                return new Submitted(existing, false);
            }
        }
        evict(nowMillis);
        byId.put(task.id(), task);
        if (task.clientTaskId() != null) {
            byClientTaskId.put(task.clientTaskId(), task);
        }
        return new Submitted(task, true);
    }

    public synchronized Optional<SimulatedTask> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized Optional<SimulatedTask> findByClientTaskId(String clientTaskId) {
        return Optional.ofNullable(byClientTaskId.get(clientTaskId));
    }

    public synchronized int size() {
        return byId.size();
    }

    /** Makes room for one more task. */
    private void evict(long nowMillis) {
        Iterator<SimulatedTask> oldestFirst = byId.values().iterator();
        while (oldestFirst.hasNext()) {
            SimulatedTask oldest = oldestFirst.next();
            boolean expired = nowMillis - oldest.createdAtMillis() > ttlMillis;
            if (!expired && byId.size() < maxTasks) {
                return;
            }
            oldestFirst.remove();
            if (oldest.clientTaskId() != null) {
                byClientTaskId.remove(oldest.clientTaskId(), oldest);
            }
            onEvict.accept(oldest);
        }
    }
}
