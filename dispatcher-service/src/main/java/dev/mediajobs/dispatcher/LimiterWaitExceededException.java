package dev.mediajobs.dispatcher;

/**
 * A job waited {@code mediajobs.dispatcher.max-limiter-wait} for the shared limiter without getting a permit. Not a
 * failure of the job: the listener's error handler seeks back to the record, which is delivered again at once and
 * waits again, so the job waits its turn in Kafka while the consumer keeps answering within
 * {@code max.poll.interval.ms}. Anything taken for the job (its concurrency slot, its dispatch claim) was given back
 * before this was thrown, unless a task may exist.
 */
public class LimiterWaitExceededException extends RuntimeException {

    public LimiterWaitExceededException(String message) {
        super(message, null, false, false); // thrown every few minutes while a provider is saturated: no stack trace
    }
}
