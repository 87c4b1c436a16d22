package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole snapshot of a job. Every transition publishes a new snapshot with {@code version} one higher; readers
 * ignore a snapshot whose version is not newer than the one they hold, and never move a job out of a terminal state.
 *
 * @param source         {@code rest} or {@code kafka}: where the request entered
 * @param requestHash    SHA-256 over the canonical request, compared when an Idempotency-Key is reused
 * @param providerTaskId the provider's id for the submitted task
 * @param providerKeyId  the configured name of the API key that submitted the task (never the key itself); the task is
 *                       always polled with the same key
 * @param progress       0–100 when the provider reports progress
 * @param result         small provider results that are not files, e.g. {@code revisedPrompt}
 * @param attempt        how many times the job was handed to a provider (fallbacks and retried submits add one)
 * @param expectedDoneAt when the provider's typical duration says the task is likely done (set at submit when the
 *                       adapter knows it); the poller looks at the task first then rather than hammering it before
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(
        String id,
        String tenant,
        long version,
        JobState state,
        String provider,
        String model,
        Operation operation,
        JobInput input,
        Map<String, Object> options,
        String webhookUrl,
        String idempotencyKey,
        String requestHash,
        String source,
        String providerTaskId,
        String providerKeyId,
        Integer progress,
        List<ProviderAsset> providerAssets,
        List<StoredAsset> assets,
        Map<String, Object> result,
        JobError error,
        boolean cancelRequested,
        int attempt,
        Instant createdAt,
        Instant updatedAt,
        Instant submittedAt,
        Instant completedAt,
        Instant expectedDoneAt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        options = options == null ? Map.of() : unmodifiableCopy(options);
        providerAssets = providerAssets == null ? List.of() : List.copyOf(providerAssets);
        assets = assets == null ? List.of() : List.copyOf(assets);
        result = result == null ? Map.of() : unmodifiableCopy(result);
    }

    private static Map<String, Object> unmodifiableCopy(Map<String, Object> map) {
        // LinkedHashMap keeps the caller's order and allows the JSON nulls that Map.copyOf rejects
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The Kafka event id and webhook id of this snapshot: stable across re-deliveries. */
    public String eventId() {
        return id + ":" + version;
    }

    /**
     * The snapshot after moving to {@code next}: version one higher, timestamps set. Throws if the move is not allowed
     * (out of a terminal state, or backwards), so that a bug never publishes an impossible history.
     */
    public Job transitionTo(JobState next, Instant now) {
        if (!JobTransitions.isAllowed(state, next)) {
            throw new IllegalStateException("job " + id + ": transition " + state.wireName() + " -> " + next.wireName() + " is not allowed");
        }
        Builder b = toBuilder().state(next).version(version + 1).updatedAt(now);
        if (next == JobState.SUBMITTED && submittedAt == null) {
            b.submittedAt(now);
        }
        if (next.isTerminal()) {
            b.completedAt(now);
        }
        return b.build();
    }

    /** The same state with new details (progress, cancel flag): version one higher. */
    public Job updated(java.util.function.UnaryOperator<Builder> change, Instant now) {
        return change.apply(toBuilder()).version(version + 1).updatedAt(now).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; {@code Job.builder().id(..).tenant(..)...build()}. */
    public static final class Builder {
        private String id;
        private String tenant;
        private long version;
        private JobState state = JobState.QUEUED;
        private String provider;
        private String model;
        private Operation operation;
        private JobInput input;
        private Map<String, Object> options;
        private String webhookUrl;
        private String idempotencyKey;
        private String requestHash;
        private String source;
        private String providerTaskId;
        private String providerKeyId;
        private Integer progress;
        private List<ProviderAsset> providerAssets;
        private List<StoredAsset> assets;
        private Map<String, Object> result;
        private JobError error;
        private boolean cancelRequested;
        private int attempt;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant submittedAt;
        private Instant completedAt;
        private Instant expectedDoneAt;

        private Builder() {
        }

        private Builder(Job j) {
            id = j.id; tenant = j.tenant; version = j.version; state = j.state; provider = j.provider; model = j.model;
            operation = j.operation; input = j.input; options = j.options; webhookUrl = j.webhookUrl;
            idempotencyKey = j.idempotencyKey; requestHash = j.requestHash; source = j.source;
            providerTaskId = j.providerTaskId; providerKeyId = j.providerKeyId; progress = j.progress;
            providerAssets = j.providerAssets; assets = j.assets; result = j.result; error = j.error;
            cancelRequested = j.cancelRequested; attempt = j.attempt; createdAt = j.createdAt; updatedAt = j.updatedAt;
            submittedAt = j.submittedAt; completedAt = j.completedAt; expectedDoneAt = j.expectedDoneAt;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder tenant(String v) { tenant = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder state(JobState v) { state = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder operation(Operation v) { operation = v; return this; }
        public Builder input(JobInput v) { input = v; return this; }
        public Builder options(Map<String, Object> v) { options = v; return this; }
        public Builder webhookUrl(String v) { webhookUrl = v; return this; }
        public Builder idempotencyKey(String v) { idempotencyKey = v; return this; }
        public Builder requestHash(String v) { requestHash = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder providerTaskId(String v) { providerTaskId = v; return this; }
        public Builder providerKeyId(String v) { providerKeyId = v; return this; }
        public Builder progress(Integer v) { progress = v; return this; }
        public Builder providerAssets(List<ProviderAsset> v) { providerAssets = v; return this; }
        public Builder assets(List<StoredAsset> v) { assets = v; return this; }
        public Builder result(Map<String, Object> v) { result = v; return this; }
        public Builder error(JobError v) { error = v; return this; }
        public Builder cancelRequested(boolean v) { cancelRequested = v; return this; }
        public Builder attempt(int v) { attempt = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder submittedAt(Instant v) { submittedAt = v; return this; }
        public Builder completedAt(Instant v) { completedAt = v; return this; }
        public Builder expectedDoneAt(Instant v) { expectedDoneAt = v; return this; }

        public Job build() {
            return new Job(id, tenant, version, state, provider, model, operation, input, options, webhookUrl,
                    idempotencyKey, requestHash, source, providerTaskId, providerKeyId, progress, providerAssets, assets,
                    result, error, cancelRequested, attempt, createdAt, updatedAt, submittedAt, completedAt, expectedDoneAt);
        }
    }
}
