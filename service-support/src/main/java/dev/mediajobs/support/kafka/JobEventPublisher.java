package dev.mediajobs.support.kafka;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.config.MediajobsKafkaProperties;
import dev.mediajobs.support.metrics.JobMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a transition: the {@link JobEvent} to the events topic, the snapshot to the compacted state topic and, for
 * terminal states, the event to the completions topic. All keyed by job id. Returns only when the broker has
 * acknowledged every record, so a caller that then commits its input offset never loses a transition.
 *
 * <p>The writes are not one transaction: a crash between them leaves the caller's input uncommitted, the caller
 * repeats its work and publishes the same snapshot (same version) again, which every reader ignores as a duplicate.
 */
public class JobEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(JobEventPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final MediajobsKafkaProperties properties;
    private final JobMetrics metrics;
    private final String serviceName;
    private final Clock clock;

    public JobEventPublisher(KafkaTemplate<String, String> kafka, MediajobsKafkaProperties properties,
                             JobMetrics metrics, String serviceName, Clock clock) {
        this.kafka = kafka;
        this.properties = properties;
        this.metrics = metrics;
        this.serviceName = serviceName;
        this.clock = clock;
    }

    public JobEvent publish(Job job) {
        JobEvent event = JobEvent.of(job, serviceName, clock.instant());
        String eventJson = JsonCodec.toJson(event);
        List<CompletableFuture<?>> sends = new ArrayList<>(3);
        try {
            sends.add(kafka.send(properties.getTopics().getEvents(), job.id(), eventJson));
            sends.add(kafka.send(properties.getTopics().getState(), job.id(), JsonCodec.toJson(job)));
            if (job.state().isTerminal()) {
                sends.add(kafka.send(properties.getTopics().getCompletions(), job.id(), eventJson));
            }
        } catch (RuntimeException e) {
            // the producer refuses at once when it cannot even fetch metadata: the same failure as a late one
            throw new EventPublishException(job, e);
        }
        awaitAll(sends, job);
        metrics.transitionPublished(job, serviceName);
        log.info("job {} -> {} (version {}, provider {}, task {})", job.id(), job.state().wireName(), job.version(),
                job.provider(), job.providerTaskId());
        return event;
    }

    private void awaitAll(List<CompletableFuture<?>> sends, Job job) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.getSendTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException(job, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventPublishException(job, e);
        }
    }

    /** Kafka did not acknowledge a transition; the caller must not commit its input. */
    public static class EventPublishException extends RuntimeException {
        EventPublishException(Job job, Throwable cause) {
            super("could not publish job " + job.id() + " -> " + job.state().wireName()
                    + "; is Kafka reachable (spring.kafka.bootstrap-servers)?", cause);
        }
    }
}
