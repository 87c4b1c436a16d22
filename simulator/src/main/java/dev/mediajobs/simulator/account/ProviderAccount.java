package dev.mediajobs.simulator.account;

import dev.mediajobs.simulator.tasks.SimulatedTask;
import dev.mediajobs.simulator.tasks.TaskStore;
import dev.mediajobs.simulator.tasks.TaskView;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The simulator's one account, as a real provider keeps it: every API call is logged with its arrival time and counted
 * against a requests-per-minute budget, every unfinished task against a concurrency limit, and calls past either
 * limit are refused with 429 and Retry-After. All API keys share the account. The log and the counters are what tests
 * check a client's flow control against: the provider's own view, not the client's.
 */
public final class ProviderAccount {

    private final int requestsPerMinute;
    private final int maxConcurrentTasks;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RequestWindow window;
    private final ActiveTasks tasks;
    private final StatusOverlaps overlaps = new StatusOverlaps();
    private final CallLog log;
    private final Map<CallKind, AtomicLong> callsByKind = counters(CallKind.class);
    private final Map<Refusal, AtomicLong> refusals = counters(Refusal.class);

    /**
     * @param requestsPerMinute  0 = unlimited
     * @param maxConcurrentTasks 0 = unlimited
     * @param callLogSize        calls kept in the arrival log (the oldest are dropped)
     * @param clock              the clock tasks are timed with
     * @param nanoTime           the monotonic clock calls are timed with ({@code System::nanoTime})
     */
    public ProviderAccount(int requestsPerMinute, int maxConcurrentTasks, int callLogSize, Clock clock, LongSupplier nanoTime) {
        this.requestsPerMinute = requestsPerMinute;
        this.maxConcurrentTasks = maxConcurrentTasks;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.window = new RequestWindow(requestsPerMinute);
        this.tasks = new ActiveTasks(maxConcurrentTasks);
        this.log = new CallLog(callLogSize);
    }

    /**
     * A call arrived (and authenticated). Its arrival time is taken now; for a status call, overlap tracking starts.
     * The handler must {@link Call#finish(int)} it, whatever happens.
     */
    public Call arrive(CallKind kind, String taskId) {
        Call call = new Call(kind, taskId, nanoTime.getAsLong(), clock.instant());
        if (kind == CallKind.STATUS) {
            overlaps.begin(taskId);
        }
        return call;
    }

    /** A poll or cancel saw the task: once it is finished it no longer counts against the concurrency limit. */
    public void saw(TaskView view) {
        if (view.status().isTerminal()) {
            tasks.finished(view.task());
        }
    }

    /** Every call kept in the arrival log, oldest first. */
    public List<ApiCall> calls() {
        return log.snapshot();
    }

    public AccountStats stats() {
        return new AccountStats(requestsPerMinute, maxConcurrentTasks, byName(callsByKind), byName(refusals),
                window.maxInWindow(), tasks.maxActive(), tasks.count(clock.millis()), overlaps.count(), overlaps.sample(),
                log.dropped());
    }

    /** One call while it is being answered. Used by one handler thread. */
    public final class Call {

        private final CallKind kind;
        private final long arrivalNanos;
        private final Instant arrivedAt;
        private final String polledTaskId;
        private String taskId;
        private Refusal refusal;

        private Call(CallKind kind, String taskId, long arrivalNanos, Instant arrivedAt) {
            this.kind = kind;
            this.polledTaskId = kind == CallKind.STATUS ? taskId : null;
            this.taskId = taskId;
            this.arrivalNanos = arrivalNanos;
            this.arrivedAt = arrivedAt;
        }

        /** Counts the call against the per-minute budget (as of its arrival). */
        public void admit() {
            long waitNanos = window.tryAdmit(arrivalNanos);
            if (waitNanos > 0) {
                throw refuse(Refusal.RATE_LIMIT, TimeUnit.NANOSECONDS.toMillis(waitNanos),
                        "more than " + requestsPerMinute + " requests within a minute");
            }
        }

        /**
         * Creates the task (or finds the one with the same client task id) unless that would exceed the concurrency
         * limit.
         */
        public TaskStore.Submitted admitTask(long nowMillis, Supplier<TaskStore.Submitted> create) {
            ActiveTasks.Admission admission = tasks.admit(nowMillis, create);
            if (!admission.admitted()) {
                throw refuse(Refusal.CONCURRENCY_LIMIT, admission.waitMillis(),
                        "already " + maxConcurrentTasks + " unfinished tasks");
            }
            taskId = admission.submitted().task().id();
            return admission.submitted();
        }

        /** The call was answered 429 at random, not for a limit. */
        public void refusedAtRandom() {
            refusal = Refusal.RANDOM;
        }

        /** The task the call turned out to be about (a lookup's find). */
        public void task(SimulatedTask task) {
            taskId = task.id();
        }

        /** The answer has been written (or the exchange failed): logs the call. */
        public void finish(int httpStatus) {
            long finishedNanos = nanoTime.getAsLong();
            if (polledTaskId != null) {
                overlaps.end(polledTaskId);
            }
            callsByKind.get(kind).incrementAndGet();
            if (refusal != null) {
                refusals.get(refusal).incrementAndGet();
            }
            log.add(new ApiCall(kind, taskId, arrivalNanos, finishedNanos, arrivedAt, httpStatus, refusal));
        }

        private LimitExceeded refuse(Refusal why, long waitMillis, String message) {
            refusal = why;
            long seconds = Math.max(1, TimeUnit.MILLISECONDS.toSeconds(waitMillis + 999));
            return new LimitExceeded(why, seconds, message + "; retry after " + seconds + " s");
        }
    }

    private static <E extends Enum<E>> Map<E, AtomicLong> counters(Class<E> type) {
        Map<E, AtomicLong> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, new AtomicLong());
        }
        return map;
    }

    private static <E extends Enum<E>> Map<String, Long> byName(Map<E, AtomicLong> counters) {
        Map<String, Long> map = new LinkedHashMap<>();
        counters.forEach((e, n) -> map.put(e.name().toLowerCase(Locale.ROOT), n.get()));
        return map;
    }
}
