package dev.mediajobs.simulator.account;

/** A call the account's limits refuse: answered 429 with {@code Retry-After: retryAfterSeconds}. */
public final class LimitExceeded extends RuntimeException {

    private final Refusal refusal;
    private final long retryAfterSeconds;

    LimitExceeded(Refusal refusal, long retryAfterSeconds, String message) {
        super(message, null, false, false); // an answer, not a bug: no stack trace
        this.refusal = refusal;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Refusal refusal() {
        return refusal;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
