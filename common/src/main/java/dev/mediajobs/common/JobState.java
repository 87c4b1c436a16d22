package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The lifecycle of a job: {@code queued → submitted → running → storing → succeeded}, or one of the terminal
 * failures {@code failed}, {@code canceled}, {@code timed_out}. The wire form is the lower-case name.
 */
public enum JobState {
    QUEUED,
    SUBMITTED,
    RUNNING,
    STORING,
    SUCCEEDED,
    FAILED,
    CANCELED,
    TIMED_OUT;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == TIMED_OUT;
    }

    /** True while a provider task exists that the poller must carry forward. */
    public boolean isInFlightAtProvider() {
        return this == SUBMITTED || this == RUNNING;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name used in webhook and completion events, e.g. {@code job.succeeded}. */
    public String eventType() {
        return "job." + wireName();
    }

    @JsonCreator
    public static JobState fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("job state must not be null");
        }
        return JobState.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
