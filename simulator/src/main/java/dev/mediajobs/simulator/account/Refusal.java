package dev.mediajobs.simulator.account;

import java.util.Locale;

/** Why a call was answered 429. */
public enum Refusal {
    /** The account's requests-per-minute budget was used up: the client sent more than it was allowed to. */
    RATE_LIMIT,
    /** A submit while the account already had its maximum of unfinished tasks. */
    CONCURRENCY_LIMIT,
    /** The configured random share of 429s ({@code --rate-limit-rate}): a busy provider, no fault of the client. */
    RANDOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A limit the client should have kept to, as opposed to a random 429. */
    public boolean isViolation() {
        return this != RANDOM;
    }
}
