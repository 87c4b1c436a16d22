package dev.mediajobs.support.limits.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mediajobs.limits.*}: how the shared limiter counts. The limits themselves are per provider
 * ({@code mediajobs.providers.<id>.limits.*}).
 */
@ConfigurationProperties(prefix = "mediajobs.limits")
public class LimitsProperties {

    /** Whether limits are enforced at all. */
    private boolean enabled = true;
    /** The window the per-minute budgets are counted over. */
    private Duration window = Duration.ofMinutes(1);
    /**
     * Added to the window when counting, so that calls granted a minute apart still arrive more than a minute apart
     * at the provider when the first one was delayed on its way (GC pause, slow network).
     */
    private Duration windowMargin = Duration.ofSeconds(1);
    /** How long a slot taken for a submit lives before the poller takes the task over and renews it. */
    private Duration submitSlotLease = Duration.ofMinutes(5);
    /** How long a slot outlives a task's next due poll: covers a poller that dies and the lease that follows. */
    private Duration slotGrace = Duration.ofMinutes(2);
    /** How long a key that got 401/403 stays out of the pool. */
    private Duration authBench = Duration.ofMinutes(30);
    /** How long a key that got 402 (out of credits) stays out of the pool. */
    private Duration creditsBench = Duration.ofMinutes(10);
    /** The wait after a 429 without a Retry-After header. */
    private Duration defaultRetryAfter = Duration.ofSeconds(5);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getWindow() { return window; }
    public void setWindow(Duration window) { this.window = window; }
    public Duration getWindowMargin() { return windowMargin; }
    public void setWindowMargin(Duration windowMargin) { this.windowMargin = windowMargin; }
    public Duration getSubmitSlotLease() { return submitSlotLease; }
    public void setSubmitSlotLease(Duration submitSlotLease) { this.submitSlotLease = submitSlotLease; }
    public Duration getSlotGrace() { return slotGrace; }
    public void setSlotGrace(Duration slotGrace) { this.slotGrace = slotGrace; }
    public Duration getAuthBench() { return authBench; }
    public void setAuthBench(Duration authBench) { this.authBench = authBench; }
    public Duration getCreditsBench() { return creditsBench; }
    public void setCreditsBench(Duration creditsBench) { this.creditsBench = creditsBench; }
    public Duration getDefaultRetryAfter() { return defaultRetryAfter; }
    public void setDefaultRetryAfter(Duration defaultRetryAfter) { this.defaultRetryAfter = defaultRetryAfter; }
}
