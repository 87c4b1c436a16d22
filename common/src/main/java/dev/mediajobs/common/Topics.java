package dev.mediajobs.common;

/**
 * Default Kafka topic names (each can be renamed with {@code mediajobs.kafka.topics.*}). All are keyed by job id so
 * that one job's messages stay in one partition, in order. Schemas: docs/kafka-topics.md.
 */
public final class Topics {
    /** {@link JobRequest} messages: submit and cancel. Published by the api-service and by other backends. */
    public static final String REQUESTS = "mediajobs.job-requests.v1";
    /** {@link JobEvent} per transition, full snapshot. */
    public static final String EVENTS = "mediajobs.job-events.v1";
    /** Compacted: the latest {@link Job} snapshot per job id. What every component rebuilds its Redis state from. */
    public static final String STATE = "mediajobs.job-state.v1";
    /** {@link JobEvent} of terminal transitions only, for consumers who prefer topics to webhooks. */
    public static final String COMPLETIONS = "mediajobs.job-completions.v1";

    private Topics() {
    }
}
