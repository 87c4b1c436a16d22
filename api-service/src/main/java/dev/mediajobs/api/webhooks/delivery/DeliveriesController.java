package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.api.auth.AuthenticatedTenant;
import dev.mediajobs.api.jobs.JobLookup;
import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.Job;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/jobs/{id}/deliveries}: every webhook delivery of a job with each attempt (time, status code or error,
 * duration), and a manual redeliver. Scoped to the tenant like the job itself: another tenant's job is a 404.
 */
@RestController
@RequestMapping("/v1/jobs/{id}/deliveries")
public class DeliveriesController {

    private final JobLookup jobs;
    private final DeliverySchedule schedule;
    private final DeliveryTargets targets;
    private final Clock clock;

    public DeliveriesController(JobLookup jobs, DeliverySchedule schedule, DeliveryTargets targets, Clock clock) {
        this.jobs = jobs;
        this.schedule = schedule;
        this.targets = targets;
        this.clock = clock;
    }

    @GetMapping
    public DeliveryResponse.Page list(AuthenticatedTenant tenant, @PathVariable String id) {
        Job job = jobs.get(tenant.id(), id);
        requireReady();
        return new DeliveryResponse.Page(schedule.forJob(job.id()).stream()
                .filter(d -> tenant.id().equals(d.tenant()))
                .map(DeliveryResponse::of)
                .toList());
    }

    /**
     * 202: one more attempt, as soon as possible, with the same {@code webhook-id}. It does not move the retry
     * schedule; a delivered or exhausted delivery stays so if it fails. 409 when its endpoint is disabled or deleted.
     */
    @PostMapping("/{deliveryId}/redeliver")
    public ResponseEntity<DeliveryResponse> redeliver(AuthenticatedTenant tenant, @PathVariable String id,
                                                      @PathVariable String deliveryId) {
        Job job = jobs.get(tenant.id(), id);
        requireReady();
        Optional<Delivery> delivery = schedule.load(deliveryId)
                .filter(d -> job.id().equals(d.jobId()) && tenant.id().equals(d.tenant()));
        if (delivery.isEmpty()) {
            throw ApiProblem.notFound("no such delivery for this job");
        }
        DeliveryTarget target = targets.resolve(delivery.get());
        if (!target.isAvailable()) {
            throw ApiProblem.conflict("webhook_endpoint_unavailable", target.unavailable());
        }
        if (schedule.redeliver(deliveryId, clock.instant()) == DeliverySchedule.Redelivery.NOT_FOUND) {
            throw ApiProblem.notFound("no such delivery for this job");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(DeliveryResponse.of(delivery.get()));
    }

    private void requireReady() {
        if (!schedule.isReady() || !targets.isReady()) {
            throw ApiProblem.unavailable("webhook deliveries are being restored; retry in a few seconds");
        }
    }
}
