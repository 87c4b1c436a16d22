package dev.mediajobs.api.webhooks;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.support.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Delivers the webhook of a terminal event at most {@code maxAttempts} times with doubling delays, once per event id:
 * a success is remembered in Redis ({@code mj:notified:<event id>}, 7 days) so a re-delivered completion record does
 * not notify twice. Giving up is logged as an error with the job id (dead letters come later).
 *
 * <p>Metrics: {@code mediajobs.webhooks.deliveries{outcome}} with outcome {@code delivered}, {@code retried} (an
 * attempt failed, another follows), {@code failed} (gave up) or {@code duplicate} (already delivered).
 */
public class WebhookDelivery {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final long NOTIFIED_TTL_SECONDS = Duration.ofDays(7).toSeconds();

    /** Waits between attempts; a seam so that tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final UnifiedJedis redis;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Sleeper sleeper;

    public WebhookDelivery(WebhookSender sender, WebhookSecrets secrets, UnifiedJedis redis, MeterRegistry registry,
                           int maxAttempts, Duration baseDelay, Sleeper sleeper) {
        this.sender = sender;
        this.secrets = secrets;
        this.redis = redis;
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
    }

    /**
     * @param body the event exactly as it is on the completions topic
     * @return whether a webhook was delivered now
     */
    public boolean deliver(JobEvent event, String body) {
        Job job = event.job();
        if (job == null || !job.state().isTerminal() || job.webhookUrl() == null || job.webhookUrl().isBlank()) {
            return false;
        }
        String notifiedKey = RedisKeys.notified(event.id());
        if (redis.exists(notifiedKey)) {
            count("duplicate");
            log.debug("job {}: webhook of event {} already delivered", job.id(), event.id());
            return false;
        }
        URI url;
        try {
            url = URI.create(job.webhookUrl());
        } catch (IllegalArgumentException e) {
            count("failed");
            log.error("job {}: webhook URL is not a valid URI; event {} not delivered", job.id(), event.id());
            return false;
        }
        WebhookSigner signer = secrets.signerFor(job.tenant());
        String lastFailure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            WebhookSender.Attempt result;
            try {
                result = sender.send(url, event.id(), body, signer);
            } catch (IllegalArgumentException e) {
                // e.g. a scheme HttpClient does not speak: no attempt can succeed
                lastFailure = e.getMessage();
                break;
            } catch (InterruptedException e) {
                throw interrupted(job, e);
            }
            if (result.delivered()) {
                redis.set(notifiedKey, "1", SetParams.setParams().ex(NOTIFIED_TTL_SECONDS));
                count("delivered");
                log.info("job {}: webhook {} delivered to {} (HTTP {}, attempt {})", job.id(), event.type(),
                        url.getHost(), result.httpStatus(), attempt);
                return true;
            }
            lastFailure = result.detail();
            if (attempt < maxAttempts) {
                Duration delay = delayBefore(attempt + 1);
                count("retried");
                log.warn("job {}: webhook attempt {}/{} to {} failed ({}); retrying in {} ms", job.id(), attempt,
                        maxAttempts, url.getHost(), lastFailure, delay.toMillis());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    throw interrupted(job, e);
                }
            }
        }
        count("failed");
        log.error("job {}: webhook of event {} to {} failed after {} attempt(s), giving up: {}", job.id(), event.id(),
                url.getHost(), maxAttempts, lastFailure);
        return false;
    }

    /** {@code base}, {@code 2 base}, {@code 4 base}, … before attempts 2, 3, 4, … */
    Duration delayBefore(int attempt) {
        int doublings = Math.min(attempt - 2, 20);
        return baseDelay.multipliedBy(1L << doublings);
    }

    private RuntimeException interrupted(Job job, InterruptedException e) {
        Thread.currentThread().interrupt();
        // not delivered and not committed: the completion record is delivered again after the restart
        return new IllegalStateException("webhook delivery of job " + job.id() + " interrupted by shutdown", e);
    }

    private void count(String outcome) {
        Counter.builder("mediajobs.webhooks.deliveries")
                .description("Webhook deliveries by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
