package dev.mediajobs.api.webhooks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code mediajobs.webhooks.attempts{outcome}} (success, http_error, redirect, gone, network_error, blocked),
 * {@code mediajobs.webhooks.attempt.duration}, {@code mediajobs.webhooks.exhausted},
 * {@code mediajobs.webhooks.lateness} (how late a due attempt was claimed) and the gauge
 * {@code mediajobs.webhooks.pending} (deliveries with an attempt ahead, across all instances).
 */
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Counter exhausted;
    private final Timer duration;
    private final Timer lateness;

    public WebhookMetrics(MeterRegistry registry, DeliverySchedule schedule) {
        this.registry = registry;
        this.exhausted = Counter.builder("mediajobs.webhooks.exhausted")
                .description("Deliveries that failed every attempt of the retry schedule (sent to the dead-letter topic)")
                .register(registry);
        this.duration = Timer.builder("mediajobs.webhooks.attempt.duration")
                .description("Time from sending a webhook to the receiver's answer")
                .register(registry);
        this.lateness = Timer.builder("mediajobs.webhooks.lateness")
                .description("How long after its due time an attempt was claimed")
                .register(registry);
        Gauge.builder("mediajobs.webhooks.pending", schedule, WebhookMetrics::pendingOrNaN)
                .description("Deliveries with an attempt ahead")
                .register(registry);
    }

    private static double pendingOrNaN(DeliverySchedule schedule) {
        try {
            return schedule.pending();
        } catch (RuntimeException redisDown) {
            return Double.NaN;
        }
    }

    public void attempt(AttemptOutcome outcome, Duration took) {
        Counter.builder("mediajobs.webhooks.attempts")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome.wireName())
                .register(registry)
                .increment();
        duration.record(took);
    }

    public void exhausted() {
        exhausted.increment();
    }

    public void lateness(Duration late) {
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }
}
