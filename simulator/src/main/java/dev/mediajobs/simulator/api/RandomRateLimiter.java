package dev.mediajobs.simulator.api;

import dev.mediajobs.simulator.account.ProviderAccount;
import java.util.concurrent.ThreadLocalRandom;

/** Answers a share of requests with 429 at random, as a busy provider would. */
final class RandomRateLimiter {

    private final double rate;
    private final long retryAfterSeconds;

    RandomRateLimiter(double rate, long retryAfterSeconds) {
        this.rate = rate;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void check(ProviderAccount.Call call) {
        // nextDouble() is in [0, 1): a rate of 0 never limits, a rate of 1 always does
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            call.refusedAtRandom();
            throw ApiError.rateLimited(retryAfterSeconds);
        }
    }
}
