package dev.mediajobs.poller.poll;

import java.util.Locale;

/** What one poll of one task led to; the {@code outcome} tag of {@code mediajobs.poller.polls}. */
public enum PollOutcome {
    /** Still queued at the provider. */
    PENDING,
    /** Running (the first time: {@code running} published). */
    RUNNING,
    /** Done: handed to the storage-service ({@code storing} published). */
    STORING,
    FAILED,
    CANCELED,
    TIMED_OUT,
    /** 429: polled again after Retry-After. */
    RATE_LIMITED,
    /**
     * The shared limiter refused the call (a budget is used up, or a Retry-After runs): no request was made, and the
     * task comes back when the limiter said. Counted in {@code mediajobs.poller.deferred}, not as a poll.
     */
    DEFERRED,
    /** 5xx or no answer: polled again after a backoff. */
    TRANSIENT_ERROR,
    /** Nothing to poll: the task record was gone or finished. */
    DROPPED,
    /** Another instance claimed the task after this one's lease ran out; this one stepped back. */
    LEASE_LOST,
    /** A bug or an unavailable Kafka/Redis: the task is backed off and polled again later. */
    ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
