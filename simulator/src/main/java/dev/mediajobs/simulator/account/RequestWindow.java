package dev.mediajobs.simulator.account;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A requests-per-minute budget over a sliding window of exactly 60 s: a call is admitted when fewer than the limit
 * were admitted in the 60 s before it. Refused calls do not use up the budget. Also remembers the most calls ever
 * admitted within one window, with or without a limit.
 */
final class RequestWindow {

    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int limit;
    // guarded by this: arrival times of the admitted calls of the last window, oldest first
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();
    private int maxInWindow;

    /** @param limit calls per minute; 0 = unlimited (calls are still counted) */
    RequestWindow(int limit) {
        this.limit = limit;
    }

    /**
     * Admits the call arriving at {@code nowNanos}, or says how long until the oldest admitted call leaves the window.
     *
     * @return 0 when admitted, else the nanoseconds to wait
     */
    synchronized long tryAdmit(long nowNanos) {
        while (!admitted.isEmpty() && nowNanos - admitted.peekFirst() >= WINDOW_NANOS) {
            admitted.removeFirst();
        }
        if (limit > 0 && admitted.size() >= limit) {
            return Math.max(1, admitted.peekFirst() + WINDOW_NANOS - nowNanos);
        }
        admitted.addLast(nowNanos);
        maxInWindow = Math.max(maxInWindow, admitted.size());
        return 0;
    }

    synchronized int maxInWindow() {
        return maxInWindow;
    }
}
