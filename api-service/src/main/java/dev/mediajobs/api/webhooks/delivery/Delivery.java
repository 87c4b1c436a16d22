package dev.mediajobs.api.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state of one webhook delivery: one event type of one job to one target. This is what the compacted deliveries
 * topic holds (keyed by {@link #id}) and what Redis caches; every change writes a new version of it.
 *
 * @param id           {@code <jobId>:<state>:<target>}; each state happens once per job, so this names one transition
 * @param target       {@value #JOB_TARGET} for the job's own {@code webhookUrl}, else the tenant endpoint's id
 * @param url          where it goes (for an endpoint, its URL when the delivery was created)
 * @param eventId      the {@code webhook-id}: the id of the event that created the delivery, the same on every attempt
 * @param body         the event JSON exactly as it was on the events topic
 * @param attemptCount attempts made so far, manual ones included
 * @param failures     failed scheduled attempts: the position on the retry schedule
 * @param attempts     the latest {@value #MAX_RECORDED_ATTEMPTS} attempts, oldest first
 * @param nextAttemptAt when the next scheduled attempt is due; null once finished
 * @param lastError    why it finished without success (exhausted, disabled), or the last failure
 * @param version      one higher on every change, so that a rebuild keeps the newest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(
        String id,
        String jobId,
        String tenant,
        String target,
        String url,
        String eventId,
        String eventType,
        String body,
        DeliveryStatus status,
        int attemptCount,
        int failures,
        List<DeliveryAttempt> attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static final String JOB_TARGET = "job";
    public static final int MAX_RECORDED_ATTEMPTS = 50;

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** The id of the delivery of {@code eventType} (e.g. {@code job.succeeded}) of a job to a target. */
    public static String idFor(String jobId, String eventType, String target) {
        String state = eventType.startsWith("job.") ? eventType.substring(4) : eventType;
        return jobId + ":" + state + ":" + target;
    }

    /** A new delivery, due at once. */
    public static Delivery create(String jobId, String tenant, String target, String url, String eventId,
                                  String eventType, String body, Instant now) {
        return new Delivery(idFor(jobId, eventType, target), jobId, tenant, target, url, eventId, eventType, body,
                DeliveryStatus.PENDING, 0, 0, List.of(), now, null, now, now, 1);
    }

    public boolean isJobTarget() {
        return JOB_TARGET.equals(target);
    }

    /**
     * This delivery after {@code attempt}, now in {@code status}, next due at {@code next} (null when finished).
     *
     * @param scheduledFailure a scheduled attempt failed: one step further on the retry schedule
     */
    public Delivery after(DeliveryAttempt attempt, boolean scheduledFailure, DeliveryStatus status, Instant next,
                          String error, Instant now) {
        List<DeliveryAttempt> recorded = new ArrayList<>(attempts);
        recorded.add(attempt);
        if (recorded.size() > MAX_RECORDED_ATTEMPTS) {
            recorded = recorded.subList(recorded.size() - MAX_RECORDED_ATTEMPTS, recorded.size());
        }
        return new Delivery(id, jobId, tenant, target, url, eventId, eventType, body, status, attemptCount + 1,
                scheduledFailure ? failures + 1 : failures, recorded, status.isFinished() ? null : next,
                error, createdAt, now, version + 1);
    }

    /** Finished without an attempt, e.g. because its endpoint was deleted. */
    public Delivery finishedWithoutAttempt(DeliveryStatus status, String reason, Instant now) {
        return new Delivery(id, jobId, tenant, target, url, eventId, eventType, body, status, attemptCount, failures,
                attempts, null, reason, createdAt, now, version + 1);
    }

    @Override
    public String toString() {
        // no body: it may be large, and the log has no use for it
        return "Delivery[" + id + ", " + status.wireName() + ", attempts=" + attemptCount + ", failures=" + failures
                + ", next=" + nextAttemptAt + ", version=" + version + "]";
    }
}
