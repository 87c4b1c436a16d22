package dev.mediajobs.dispatcher;

import dev.mediajobs.common.Job;

/**
 * Where the dispatcher's transitions go. In the service this is
 * {@link dev.mediajobs.support.kafka.JobEventPublisher#publish}, which returns only once Kafka has acknowledged the
 * snapshot (and throws otherwise, so the request's offset is not committed).
 */
@FunctionalInterface
public interface JobSnapshotSink {

    void publish(Job job);
}
