package dev.mediajobs.common;

import java.time.Instant;

/**
 * A message on the job events topic ({@link Topics#EVENTS}), keyed by job id: one per transition, carrying the whole
 * snapshot. The same value (without the envelope) goes to the compacted state topic, and terminal ones, as this
 * envelope, to the completions topic; webhooks carry the same envelope.
 *
 * @param id        {@code jobId:version}, stable across re-deliveries; webhooks use the id of the first event of each
 *                  type as their {@code webhook-id}
 * @param type      e.g. {@code job.succeeded}
 * @param emittedBy the service that made the transition
 */
public record JobEvent(String id, String type, Instant timestamp, String emittedBy, Job job) {

    public static JobEvent of(Job job, String emittedBy, Instant now) {
        return new JobEvent(job.eventId(), job.state().eventType(), now, emittedBy, job);
    }
}
