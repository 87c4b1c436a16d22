package dev.mediajobs.poller.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The real time plus an offset a test can move forward (to make tasks due or time them out without waiting). */
public final class TestClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();
    private volatile Instant frozenAt;

    /** Stops the clock at its current instant; {@link #advance} still moves it. */
    public void freeze() {
        frozenAt = Instant.now();
    }

    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    /** Moves forward to {@code epochMillis} if that is later than now. */
    public void advanceTo(long epochMillis) {
        long ahead = epochMillis - millis();
        if (ahead > 0) {
            offsetMillis.addAndGet(ahead);
        }
    }

    @Override
    public Instant instant() {
        Instant base = frozenAt;
        return (base != null ? base : Instant.now()).plusMillis(offsetMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
