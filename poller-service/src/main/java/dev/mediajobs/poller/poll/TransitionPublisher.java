package dev.mediajobs.poller.poll;

import dev.mediajobs.common.Job;

/**
 * Publishes a job's next snapshot and returns only once it is durable. In the service this is
 * {@link dev.mediajobs.support.kafka.JobEventPublisher#publish}; a test can record the snapshots instead.
 */
@FunctionalInterface
public interface TransitionPublisher {

    /** @throws RuntimeException when the snapshot could not be published; the poll is then retried later */
    void publish(Job next);
}
