package dev.mediajobs.simulator.account;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The most recent API calls, bounded so that a long load test cannot exhaust the heap; the oldest go first. */
final class CallLog {

    private final int capacity;
    // guarded by this
    private final ArrayDeque<ApiCall> calls = new ArrayDeque<>();
    private long dropped;

    CallLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ApiCall call) {
        if (capacity == 0) {
            dropped++;
            return;
        }
        if (calls.size() == capacity) {
            calls.removeFirst();
            dropped++;
        }
        calls.addLast(call);
    }

    /** The calls kept, in order of arrival (they are added when answered, which may be in another order). */
    synchronized List<ApiCall> snapshot() {
        List<ApiCall> copy = new ArrayList<>(calls);
        copy.sort(Comparator.comparingLong(ApiCall::arrivalNanos));
        return copy;
    }

    synchronized long dropped() {
        return dropped;
    }
}
