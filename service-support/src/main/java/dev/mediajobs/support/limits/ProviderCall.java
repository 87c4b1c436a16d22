package dev.mediajobs.support.limits;

import java.util.Locale;

/** The kinds of provider calls, each drawing from the {@code requests} budget and from its own where it has one. */
public enum ProviderCall {
    /** Creates a task: costs money; draws from {@code submits-per-minute} and takes a concurrency slot. */
    SUBMIT,
    /** Asks how a task is doing: draws from {@code polls-per-minute}. */
    POLL,
    /** Cancel calls and look-ups by client task id: draw from the shared budget only. */
    OTHER;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
