package dev.mediajobs.api.webhooks;

import dev.mediajobs.api.webhooks.delivery.Delivery;
import dev.mediajobs.api.webhooks.delivery.DeliverySchedule;
import dev.mediajobs.api.webhooks.delivery.DeliveryStore;
import dev.mediajobs.api.webhooks.endpoints.WebhookEndpoint;
import dev.mediajobs.api.webhooks.endpoints.WebhookEndpointRegistry;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a job event into deliveries: one to the job's own {@code webhookUrl} when its event filter takes the type
 * (terminal events unless {@code options.webhookEvents} says otherwise), and one to each of the tenant's endpoints
 * subscribed to it. Types nobody subscribed to, {@code job.queued} and {@code job.storing} produce nothing.
 *
 * <p>A delivery is named by job, state and target, so a re-delivered event, or a later update of the same state (a
 * progress report), finds it already there and adds nothing: every transition is delivered once per target.
 */
public class DeliveryPlanner {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPlanner.class);

    private final DeliveryStore store;
    private final DeliverySchedule schedule;
    private final WebhookEndpointRegistry endpoints;
    private final Duration maxEventAge;
    private final Clock clock;

    public DeliveryPlanner(DeliveryStore store, DeliverySchedule schedule, WebhookEndpointRegistry endpoints,
                           Duration maxEventAge, Clock clock) {
        this.store = store;
        this.schedule = schedule;
        this.endpoints = endpoints;
        this.maxEventAge = maxEventAge;
        this.clock = clock;
    }

    /**
     * @param body the event exactly as it is on the events topic: the webhook body, byte for byte
     * @return the deliveries created now
     * @throws WebhooksNotReadyException while the schedule is being rebuilt or the endpoints are loading; the caller
     *                                   retries the event later
     */
    public List<Delivery> plan(JobEvent event, String body) {
        Job job = event.job();
        if (job == null || job.tenant() == null || !EventTypes.isSubscribable(event.type())) {
            return List.of();
        }
        Instant now = clock.instant();
        if (event.timestamp() != null && event.timestamp().isBefore(now.minus(maxEventAge))) {
            log.debug("job {}: event {} is older than {}; not delivered", job.id(), event.id(), maxEventAge);
            return List.of();
        }
        List<Delivery> wanted = new ArrayList<>();
        if (job.webhookUrl() != null && !job.webhookUrl().isBlank() && EventTypes.forJob(job.options()).contains(event.type())) {
            wanted.add(Delivery.create(job.id(), job.tenant(), Delivery.JOB_TARGET, job.webhookUrl(), event.id(),
                    event.type(), body, now));
        }
        if (!endpoints.isLoaded()) {
            throw new WebhooksNotReadyException("the webhook endpoints are still loading");
        }
        for (WebhookEndpoint endpoint : endpoints.forTenant(job.tenant())) {
            if (endpoint.wants(event.type())) {
                wanted.add(Delivery.create(job.id(), job.tenant(), endpoint.id(), endpoint.url(), event.id(),
                        event.type(), body, now));
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        if (!schedule.isReady()) {
            throw new WebhooksNotReadyException("the webhook delivery schedule is being rebuilt");
        }
        List<Delivery> created = new ArrayList<>(wanted.size());
        for (Delivery delivery : wanted) {
            if (store.create(delivery)) {
                created.add(delivery);
                log.info("job {}: webhook {} (event {}) queued for {}", job.id(), event.type(), event.id(),
                        delivery.target());
            }
        }
        return created;
    }
}
