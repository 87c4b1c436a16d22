package dev.mediajobs.support.limits;

/**
 * The limits of one provider, each counted per API key ({@link LimitScope}); 0 means unlimited.
 *
 * @param requestsPerMinute  every call (submit, poll, cancel, look-up) together, over any sliding 60 seconds
 * @param submitsPerMinute   submits alone, over any sliding 60 seconds
 * @param pollsPerMinute     status calls alone, over any sliding 60 seconds
 * @param maxConcurrentTasks tasks in flight at the provider at once (from submit until the poller saw it finish)
 */
public record ProviderLimitSettings(int requestsPerMinute, int submitsPerMinute, int pollsPerMinute,
                                    int maxConcurrentTasks) {

    public static final ProviderLimitSettings UNLIMITED = new ProviderLimitSettings(0, 0, 0, 0);

    public ProviderLimitSettings {
        if (requestsPerMinute < 0 || submitsPerMinute < 0 || pollsPerMinute < 0 || maxConcurrentTasks < 0) {
            throw new IllegalArgumentException("limits must be 0 (unlimited) or positive: " + requestsPerMinute + ", "
                    + submitsPerMinute + ", " + pollsPerMinute + ", " + maxConcurrentTasks);
        }
    }

    public boolean limitsConcurrency() {
        return maxConcurrentTasks > 0;
    }
}
