package dev.mediajobs.poller.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * {@code mediajobs.poller.*}: how often and how many tasks one poller instance polls. Validated at start-up (the class
 * is its own {@link Validator}, which Spring Boot applies when binding), so a bad value stops the service with a
 * message naming the property.
 */
@ConfigurationProperties(prefix = "mediajobs.poller")
public class PollerProperties implements Validator {

    /** Pause between two looks at the due set. */
    private Duration tick = Duration.ofMillis(200);
    /** Most tasks claimed with one Redis call. */
    private int batchSize = 100;
    /** Most polls running at once in this instance; a tick never claims more than it has free. */
    private int maxConcurrentPolls = 64;
    /**
     * How long a claimed task belongs to this instance. If the instance dies, another one claims the task when the
     * lease expires; it must be longer than the slowest poll (the provider's request timeout).
     */
    private Duration lease = Duration.ofSeconds(60);
    /** Transient provider errors in a row after which the job fails. */
    private int maxConsecutiveErrors = 10;
    /** How often to check whether Redis lost the schedule (and rebuild it from the state topic). */
    private Duration rebuildCheckInterval = Duration.ofSeconds(5);
    /** First delay after a transient error; doubles with each further error, with jitter. */
    private Duration backoffInitial = Duration.ofSeconds(1);
    /** Longest delay between two polls of a failing task. */
    private Duration backoffMax = Duration.ofMinutes(5);
    /**
     * How long the record of a finished task is kept, so that events of it that arrive late (the poller's own
     * {@code running}, read back after it already handed the job to storage) never schedule it again.
     */
    private Duration finishedTaskRetention = Duration.ofHours(1);
    /** How long a stopping instance waits for its running polls. */
    private Duration shutdownGrace = Duration.ofSeconds(15);

    public Duration getTick() { return tick; }
    public void setTick(Duration tick) { this.tick = tick; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public int getMaxConcurrentPolls() { return maxConcurrentPolls; }
    public void setMaxConcurrentPolls(int maxConcurrentPolls) { this.maxConcurrentPolls = maxConcurrentPolls; }
    public Duration getLease() { return lease; }
    public void setLease(Duration lease) { this.lease = lease; }
    public int getMaxConsecutiveErrors() { return maxConsecutiveErrors; }
    public void setMaxConsecutiveErrors(int maxConsecutiveErrors) { this.maxConsecutiveErrors = maxConsecutiveErrors; }
    public Duration getRebuildCheckInterval() { return rebuildCheckInterval; }
    public void setRebuildCheckInterval(Duration rebuildCheckInterval) { this.rebuildCheckInterval = rebuildCheckInterval; }
    public Duration getBackoffInitial() { return backoffInitial; }
    public void setBackoffInitial(Duration backoffInitial) { this.backoffInitial = backoffInitial; }
    public Duration getBackoffMax() { return backoffMax; }
    public void setBackoffMax(Duration backoffMax) { this.backoffMax = backoffMax; }
    public Duration getFinishedTaskRetention() { return finishedTaskRetention; }
    public void setFinishedTaskRetention(Duration finishedTaskRetention) { this.finishedTaskRetention = finishedTaskRetention; }
    public Duration getShutdownGrace() { return shutdownGrace; }
    public void setShutdownGrace(Duration shutdownGrace) { this.shutdownGrace = shutdownGrace; }

    @Override
    public boolean supports(Class<?> clazz) {
        return PollerProperties.class.isAssignableFrom(clazz);
    }

    @Override
    public void validate(Object target, Errors errors) {
        PollerProperties p = (PollerProperties) target;
        positive(errors, "tick", p.tick);
        if (p.batchSize < 1 || p.batchSize > 10_000) {
            errors.rejectValue("batchSize", "range", "mediajobs.poller.batch-size must be 1-10000, was " + p.batchSize);
        }
        if (p.maxConcurrentPolls < 1 || p.maxConcurrentPolls > 100_000) {
            errors.rejectValue("maxConcurrentPolls", "range",
                    "mediajobs.poller.max-concurrent-polls must be 1-100000, was " + p.maxConcurrentPolls);
        }
        positive(errors, "lease", p.lease);
        if (p.maxConsecutiveErrors < 1) {
            errors.rejectValue("maxConsecutiveErrors", "range",
                    "mediajobs.poller.max-consecutive-errors must be at least 1, was " + p.maxConsecutiveErrors);
        }
        positive(errors, "rebuildCheckInterval", p.rebuildCheckInterval);
        positive(errors, "backoffInitial", p.backoffInitial);
        positive(errors, "backoffMax", p.backoffMax);
        if (p.backoffInitial != null && p.backoffMax != null && p.backoffMax.compareTo(p.backoffInitial) < 0) {
            errors.rejectValue("backoffMax", "range", "mediajobs.poller.backoff-max (" + p.backoffMax
                    + ") must not be shorter than mediajobs.poller.backoff-initial (" + p.backoffInitial + ")");
        }
        positive(errors, "finishedTaskRetention", p.finishedTaskRetention);
        if (p.shutdownGrace == null || p.shutdownGrace.isNegative()) {
            errors.rejectValue("shutdownGrace", "range", "mediajobs.poller.shutdown-grace must not be negative");
        }
    }

    private static void positive(Errors errors, String field, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            errors.rejectValue(field, "range", "mediajobs.poller." + kebab(field) + " must be a positive duration, was " + value);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
