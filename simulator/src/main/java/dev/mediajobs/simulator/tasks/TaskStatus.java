package dev.mediajobs.simulator.tasks;

import java.util.Locale;

/** A simulated task's status; the wire form is the lower-case name. */
public enum TaskStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
