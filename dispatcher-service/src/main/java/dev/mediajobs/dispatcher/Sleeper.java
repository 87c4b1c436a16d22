package dev.mediajobs.dispatcher;

import java.time.Duration;

/** Waits between submit attempts. Injected so that tests record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: blocks the calling (listener) thread. */
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
