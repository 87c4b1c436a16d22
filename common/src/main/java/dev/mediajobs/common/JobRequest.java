package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A message on the requests topic ({@link Topics#REQUESTS}), keyed by job id. The api-service publishes these for
 * REST calls; any backend may publish them directly (see docs/kafka-topics.md).
 *
 * @param type      {@code submit} or {@code cancel}
 * @param jobId     required for {@code cancel}; optional for {@code submit} published directly (then derived from
 *                  {@code tenant} + {@code requestId}, or from the record's partition and offset)
 * @param tenant    the owning tenant; required
 * @param requestId optional client id of a directly published submit: the same tenant and requestId name the same job
 * @param provider  provider id, e.g. {@code simulator}; either this or {@code model} must be given
 * @param source    {@code rest} when the api-service published it (and already published the {@code queued}
 *                  snapshot); absent or anything else for direct publishers, whose {@code queued} snapshot the
 *                  dispatcher publishes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(
        String type,
        String jobId,
        String tenant,
        String requestId,
        String provider,
        String model,
        String operation,
        JobInput input,
        Map<String, Object> options,
        String webhookUrl,
        String idempotencyKey,
        String requestHash,
        String source,
        Instant createdAt) {

    public static final String SUBMIT = "submit";
    public static final String CANCEL = "cancel";
    public static final String SOURCE_REST = "rest";
    public static final String SOURCE_KAFKA = "kafka";

    public boolean isFromRest() {
        return SOURCE_REST.equals(source);
    }

    public boolean isCancel() {
        return CANCEL.equalsIgnoreCase(type);
    }

    public static JobRequest cancel(String jobId, String tenant, Instant now) {
        return new JobRequest(CANCEL, jobId, tenant, null, null, null, null, null, null, null, null, null, SOURCE_REST, now);
    }
}
