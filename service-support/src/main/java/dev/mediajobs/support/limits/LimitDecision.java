package dev.mediajobs.support.limits;

/**
 * The limiter's answer: go ahead now, or ask again after {@code waitMillis}.
 *
 * @param granted    whether the caller may make the call now (and the call was counted)
 * @param waitMillis when not granted: how long until asking again can succeed (0 when granted)
 * @param reason     when not granted: {@link #RATE}, {@link #CONCURRENCY}, {@link #RETRY_AFTER} or {@link #REBUILDING}
 */
public record LimitDecision(boolean granted, long waitMillis, String reason) {

    /** A requests-per-minute budget is used up in the sliding window. */
    public static final String RATE = "rate";
    /** Every concurrency slot of the scope is held by a task in flight. */
    public static final String CONCURRENCY = "concurrency";
    /** The provider answered 429 with a Retry-After that has not passed yet. */
    public static final String RETRY_AFTER = "retry_after";
    /** Redis was wiped and the in-flight tasks are not counted again yet (the poll schedule is being rebuilt). */
    public static final String REBUILDING = "rebuilding";

    private static final LimitDecision OK = new LimitDecision(true, 0, null);

    public static LimitDecision ok() {
        return OK;
    }

    public static LimitDecision waitFor(long waitMillis, String reason) {
        return new LimitDecision(false, Math.max(1, waitMillis), reason);
    }
}
