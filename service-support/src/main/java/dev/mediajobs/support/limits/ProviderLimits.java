package dev.mediajobs.support.limits;

import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.support.limits.config.LimitsProperties;
import dev.mediajobs.support.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The limits every instance of every service shares, per provider and API key ({@link LimitScope}): requests per
 * sliding minute (all calls, submits, polls), concurrent tasks, and the provider's own Retry-After. Callers ask before
 * each provider call and, when refused, come back after the {@link LimitDecision#waitMillis()} given (a dispatcher
 * sleeps, a poller reschedules the task): nothing spins, nothing is sent that the provider would have to refuse.
 *
 * <p>Where a limit comes from: {@code mediajobs.providers.<id>.limits.<name>} if set, else the provider's documented
 * default in {@link dev.mediajobs.providers.ProviderDescriptor#limits()} under the camel-case name
 * ({@code requestsPerMinute}, {@code submitsPerMinute}, {@code pollsPerMinute}, {@code maxConcurrentTasks}), else
 * unlimited.
 */
public class ProviderLimits {

    static final String REQUESTS = "requests";
    static final String SUBMITS = "submits";
    static final String POLLS = "polls";

    private final ProviderRegistry registry;
    private final LimitsProperties properties;
    private final SlidingWindowLog log;
    private final ConcurrencySlots slots;
    private final LimiterMetrics metrics;

    public ProviderLimits(UnifiedJedis redis, ProviderRegistry registry, LimitsProperties properties,
                          LimiterMetrics metrics) {
        this.registry = registry;
        this.properties = properties;
        this.log = new SlidingWindowLog(redis);
        this.slots = new ConcurrencySlots(redis, RedisKeys.POLL_READY);
        this.metrics = metrics;
    }

    /** The provider's effective limits (configured, else documented, else unlimited). */
    public ProviderLimitSettings settings(String provider) {
        if (!properties.isEnabled()) {
            return ProviderLimitSettings.UNLIMITED;
        }
        ProviderSettings.Limits configured = registry.settings(provider).getLimits();
        Map<String, Integer> documented = registry.find(provider).map(ProviderAdapter::describe)
                .map(d -> d.limits() == null ? Map.<String, Integer>of() : d.limits()).orElse(Map.of());
        return new ProviderLimitSettings(
                pick(configured.getRequestsPerMinute(), documented.get("requestsPerMinute")),
                pick(configured.getSubmitsPerMinute(), documented.get("submitsPerMinute")),
                pick(configured.getPollsPerMinute(), documented.get("pollsPerMinute")),
                pick(configured.getMaxConcurrentTasks(), documented.get("maxConcurrentTasks")));
    }

    /**
     * Before a submit: takes (or renews) the job's concurrency slot, then one unit of the requests and submits
     * budgets. When the slot is granted but a budget is not, the slot is kept for the retry after the wait: the same
     * job asking again only renews it. Give it back with {@link #releaseSlot} when the submit does not happen.
     */
    public LimitDecision acquireSubmit(LimitScope scope, String jobId) {
        ProviderLimitSettings limits = settings(scope.provider());
        if (limits.limitsConcurrency()) {
            LimitDecision slot = slots.tryAcquire(scope, jobId, limits.maxConcurrentTasks(),
                    properties.getSubmitSlotLease().toMillis());
            if (!slot.granted()) {
                return refused(scope, ProviderCall.SUBMIT, slot);
            }
        }
        return acquire(scope, ProviderCall.SUBMIT, limits);
    }

    /** Before a status call. */
    public LimitDecision acquirePoll(LimitScope scope) {
        return acquire(scope, ProviderCall.POLL, settings(scope.provider()));
    }

    /** Before any other call (cancel, look-up by client task id). */
    public LimitDecision acquireOther(LimitScope scope) {
        return acquire(scope, ProviderCall.OTHER, settings(scope.provider()));
    }

    /**
     * The provider answered 429: no call of the scope is granted, by any instance, for {@code retryAfter} (or the
     * configured default when the provider gave none). A longer block already in place is kept.
     */
    public void rateLimited(LimitScope scope, Duration retryAfter) {
        Duration wait = retryAfter != null && retryAfter.isPositive() ? retryAfter : properties.getDefaultRetryAfter();
        log.block(scope, wait.toMillis());
        metrics.blocked(scope, wait);
    }

    /** Millis until the scope's Retry-After block ends; 0 when there is none. */
    public long blockedForMillis(LimitScope scope) {
        return log.blockedForMillis(scope);
    }

    /**
     * The job's task is in flight: keeps its slot (taking it even above the limit, since the task exists) for
     * {@code untilNextPoll} plus the configured grace, which outlives a poller's death and the lease that follows.
     * A no-op for providers without a concurrency limit.
     */
    public void holdSlot(LimitScope scope, String jobId, Duration untilNextPoll) {
        if (settings(scope.provider()).limitsConcurrency()) {
            long millis = Math.max(0, untilNextPoll.toMillis()) + properties.getSlotGrace().toMillis();
            slots.hold(scope, jobId, millis);
        }
    }

    /** The job's task ended (or was never created): its slot is free for the next submit. */
    public void releaseSlot(LimitScope scope, String jobId) {
        slots.release(scope, jobId);
    }

    /** Tasks holding a live slot of the scope. */
    public long inFlight(LimitScope scope) {
        return slots.inFlight(scope);
    }

    /** Calls of the budget ({@code requests}, {@code submits}, {@code polls}) granted over the current window. */
    public long used(LimitScope scope, String budget) {
        return log.used(scope, budget, windowMillis());
    }

    long windowMillis() {
        return properties.getWindow().toMillis() + properties.getWindowMargin().toMillis();
    }

    private LimitDecision acquire(LimitScope scope, ProviderCall call, ProviderLimitSettings limits) {
        List<SlidingWindowLog.Budget> budgets = new ArrayList<>(2);
        if (limits.requestsPerMinute() > 0) {
            budgets.add(new SlidingWindowLog.Budget(REQUESTS, limits.requestsPerMinute()));
        }
        if (call == ProviderCall.SUBMIT && limits.submitsPerMinute() > 0) {
            budgets.add(new SlidingWindowLog.Budget(SUBMITS, limits.submitsPerMinute()));
        }
        if (call == ProviderCall.POLL && limits.pollsPerMinute() > 0) {
            budgets.add(new SlidingWindowLog.Budget(POLLS, limits.pollsPerMinute()));
        }
        // with no budget the script still checks the Retry-After block
        LimitDecision decision = log.tryAcquire(scope, budgets, windowMillis());
        return decision.granted() ? decision : refused(scope, call, decision);
    }

    private LimitDecision refused(LimitScope scope, ProviderCall call, LimitDecision decision) {
        metrics.refused(scope, call, decision);
        return decision;
    }

    private static int pick(Integer configured, Integer documented) {
        if (configured != null) {
            return Math.max(0, configured);
        }
        return documented == null ? 0 : Math.max(0, documented);
    }
}
