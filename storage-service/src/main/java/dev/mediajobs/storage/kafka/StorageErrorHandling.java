package dev.mediajobs.storage.kafka;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobState;
import dev.mediajobs.storage.archive.StorageUnavailableException;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.kafka.KafkaJson;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What the listener container does when storing a record throws.
 *
 * <ul>
 *   <li>Infrastructure failures (S3 unavailable: {@link StorageUnavailableException}; Kafka not acknowledging the next
 *       snapshot) are not the job's fault: the record is retried in place, without committing, with exponential
 *       backoff capped at {@code mediajobs.storage.s3-retry-max-interval} and no limit on time or attempts. An outage
 *       delays storing (and holds back that partition) but loses nothing. Each retry logs a warning with the job id.</li>
 *   <li>Anything else is a bug or an input nobody foresaw: after three quick tries the job is failed with
 *       {@code internal_error} rather than left in {@code storing} forever or blocking the partition.</li>
 * </ul>
 */
public final class StorageErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(StorageErrorHandling.class);

    private StorageErrorHandling() {
    }

    public static DefaultErrorHandler errorHandler(Duration initialInterval, Duration maxInterval,
                                                   JobEventPublisher publisher, Clock clock) {
        DefaultErrorHandler handler = new DefaultErrorHandler(new FailJobRecoverer(publisher, clock),
                new FixedBackOff(1_000, 2));
        BackOff infrastructure = infrastructureBackOff(initialInterval, maxInterval);
        handler.setBackOffFunction((record, e) -> isInfrastructureFailure(e) ? infrastructure : null);
        handler.setRetryListeners(new WarningRetryListener());
        return handler;
    }

    static ExponentialBackOff infrastructureBackOff(Duration initialInterval, Duration maxInterval) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
        backOff.setMaxInterval(maxInterval.toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    /** S3 or Kafka trouble somewhere in the cause chain (the container wraps listener exceptions). */
    static boolean isInfrastructureFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageUnavailableException || t instanceof JobEventPublisher.EventPublishException
                    || t instanceof KafkaException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof StorageUnavailableException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    static String rootType(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /** Logs every failed delivery: the record is the job's snapshot, keyed by job id. */
    static final class WarningRetryListener implements RetryListener {
        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception e, int deliveryAttempt) {
            if (isInfrastructureFailure(e)) {
                log.warn("job {}: storing delayed, will retry (delivery attempt {}): {}", record.key(), deliveryAttempt,
                        rootMessage(e));
            } else {
                log.warn("job {}: storing failed unexpectedly (delivery attempt {})", record.key(), deliveryAttempt, e);
            }
        }
    }

    /** After the retries for an unexpected failure: fail the job instead of leaving it in {@code storing}. */
    static final class FailJobRecoverer implements ConsumerRecordRecoverer {

        private final JobEventPublisher publisher;
        private final Clock clock;

        FailJobRecoverer(JobEventPublisher publisher, Clock clock) {
            this.publisher = publisher;
            this.clock = clock;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void accept(ConsumerRecord<?, ?> record, Exception e) {
            Job job = KafkaJson.read((ConsumerRecord<String, String>) record, JobEvent.class).map(JobEvent::job)
                    .orElse(null);
            if (job == null || job.state() != JobState.STORING) {
                log.error("giving up on record {}-{}@{} (key {})", record.topic(), record.partition(), record.offset(),
                        record.key(), e);
                return;
            }
            log.error("job {}: storing failed unexpectedly, failing the job", job.id(), e);
            // only the exception type: a message might quote a provider URL with its signed token
            JobError error = new JobError(ErrorCodes.INTERNAL, "storing the assets failed unexpectedly ("
                    + rootType(e) + ")", true, null);
            publisher.publish(job.transitionTo(JobState.FAILED, clock.instant()).toBuilder().error(error).build());
        }
    }
}
