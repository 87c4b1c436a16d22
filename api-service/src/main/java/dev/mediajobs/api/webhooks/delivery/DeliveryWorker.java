package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.api.webhooks.endpoints.WebhookEndpointRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one attempt of a claimed delivery and records it: 2xx delivers; 410 Gone disables (a tenant endpoint is
 * marked disabled for good, a job's URL is tried no more); anything else is a failure that moves the delivery along
 * the {@link RetrySchedule} (with the receiver's {@code Retry-After} honoured) until it is exhausted and dead-lettered.
 * A manual attempt (a redeliver call) is recorded like any other but does not move the schedule.
 */
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** How long a delivery waits when its endpoint cannot be looked up yet (the registry is still loading). */
    private static final Duration NOT_READY_DELAY = Duration.ofSeconds(1);

    private final DeliverySchedule schedule;
    private final DeliveryStore store;
    private final DeliveryTargets targets;
    private final WebhookEndpointRegistry endpoints;
    private final WebhookSender sender;
    private final RetrySchedule retries;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public DeliveryWorker(DeliverySchedule schedule, DeliveryStore store, DeliveryTargets targets,
                          WebhookEndpointRegistry endpoints, WebhookSender sender, RetrySchedule retries,
                          WebhookMetrics metrics, Clock clock) {
        this.schedule = schedule;
        this.store = store;
        this.targets = targets;
        this.endpoints = endpoints;
        this.sender = sender;
        this.retries = retries;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void attempt(ClaimedDelivery claim) {
        Optional<Delivery> loaded = schedule.load(claim.deliveryId());
        if (loaded.isEmpty()) {
            // its record expired or Redis lost it: a rebuild re-creates the entry if Kafka says it is still pending
            schedule.release(claim, null);
            return;
        }
        Delivery delivery = loaded.get();
        if (!delivery.isJobTarget() && !endpoints.isLoaded()) {
            schedule.release(claim, clock.instant().plus(NOT_READY_DELAY));
            return;
        }
        boolean manual = schedule.takeManualRequest(delivery.id());
        Instant now = clock.instant();
        if (!manual && delivery.status().isFinished()) {
            schedule.release(claim, null);
            return;
        }
        if (!manual && delivery.nextAttemptAt() != null && delivery.nextAttemptAt().isAfter(now)) {
            schedule.release(claim, delivery.nextAttemptAt()); // claimed before its time (a stale entry)
            return;
        }
        DeliveryTarget target = targets.resolve(delivery);
        if (!target.isAvailable() && delivery.status().isFinished()) {
            schedule.release(claim, null); // a redeliver of a finished delivery whose endpoint is gone: nothing to do
            return;
        }
        if (!target.isAvailable()) {
            finish(claim, delivery.finishedWithoutAttempt(DeliveryStatus.DISABLED, target.unavailable(), now), false, now);
            log.info("job {}: delivery {} stopped: {}", delivery.jobId(), delivery.id(), target.unavailable());
            return;
        }
        Instant sentAt = clock.instant();
        SendResult result = sender.send(target.url(), delivery.eventId(), delivery.body(), target.signer());
        if (Thread.currentThread().isInterrupted()) {
            // shutting down: whether the receiver got it is unknown, so the attempt is simply made again
            schedule.release(claim, clock.instant());
            return;
        }
        metrics.attempt(result.outcome(), result.duration());
        Delivery after = decide(delivery, result, manual, target, sentAt, clock.instant());
        boolean exhaustedNow = delivery.status() == DeliveryStatus.PENDING && after.status() == DeliveryStatus.EXHAUSTED;
        finish(claim, after, exhaustedNow, clock.instant());
    }

    private Delivery decide(Delivery delivery, SendResult result, boolean manual, DeliveryTarget target, Instant sentAt,
                            Instant now) {
        DeliveryAttempt attempt = new DeliveryAttempt(delivery.attemptCount() + 1, sentAt,
                result.outcome(), result.statusCode(), result.error(), result.duration().toMillis(), manual);
        String job = delivery.jobId();
        switch (result.outcome()) {
            case SUCCESS -> {
                log.info("job {}: webhook {} delivered to {} (HTTP {}, attempt {}{})", job, delivery.eventType(),
                        where(delivery), result.statusCode(), attempt.number(), manual ? ", manual" : "");
                return delivery.after(attempt, false, DeliveryStatus.DELIVERED, null, null, now);
            }
            case GONE -> {
                if (target.endpointId() != null) {
                    endpoints.disable(target.endpointId(), "the receiver answered 410 Gone");
                }
                log.warn("job {}: webhook {} to {} answered 410 Gone: no more attempts", job, delivery.eventType(),
                        where(delivery));
                return delivery.after(attempt, false, DeliveryStatus.DISABLED, null, result.error(), now);
            }
            default -> {
                if (manual) {
                    // the schedule goes on as it was (a finished delivery stays finished)
                    log.warn("job {}: manual webhook attempt {} of {} failed: {}", job, attempt.number(), delivery.id(),
                            result.error());
                    return delivery.after(attempt, false, delivery.status(), delivery.nextAttemptAt(), result.error(), now);
                }
                int failures = delivery.failures() + 1;
                Optional<Instant> next = retries.next(failures, now, result.retryAfter());
                if (next.isPresent()) {
                    log.warn("job {}: webhook {} to {} failed ({}), attempt {}; next attempt at {}", job,
                            delivery.eventType(), where(delivery), result.error(), attempt.number(), next.get());
                    return delivery.after(attempt, true, DeliveryStatus.PENDING, next.get(), result.error(), now);
                }
                log.error("job {}: webhook {} to {} failed {} times ({}): exhausted, sent to the dead-letter topic", job,
                        delivery.eventType(), where(delivery), failures, result.error());
                return delivery.after(attempt, true, DeliveryStatus.EXHAUSTED, null, result.error(), now);
            }
        }
    }

    /** For the log: never the URL, whose path or query may carry a token. */
    private static String where(Delivery delivery) {
        return delivery.isJobTarget() ? "the job's webhookUrl" : "endpoint " + delivery.target();
    }

    private void finish(ClaimedDelivery claim, Delivery after, boolean exhaustedNow, Instant now) {
        if (exhaustedNow && schedule.holdsLease(claim)) {
            // before the exhausted state is saved: a crash in between repeats the dead letter rather than losing it
            store.deadLetter(after, now);
            metrics.exhausted();
        }
        if (store.save(after, claim, now) == DeliveryStore.Saved.LEASE_LOST) {
            log.warn("job {}: lost the lease of delivery {} to another instance; the result of this attempt is dropped",
                    after.jobId(), after.id());
        }
    }
}
