package dev.mediajobs.api.jobs;

import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.config.MediajobsKafkaProperties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes submit and cancel requests to the requests topic, keyed by job id, and waits for the broker's ack. */
@org.springframework.stereotype.Component
public class JobRequestPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final MediajobsKafkaProperties properties;

    public JobRequestPublisher(KafkaTemplate<String, String> kafka, MediajobsKafkaProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    public void publish(JobRequest request) {
        String topic = properties.getTopics().getRequests();
        try {
            kafka.send(topic, request.jobId(), JsonCodec.toJson(request))
                    .get(properties.getSendTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(request, topic, e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException
                 | org.springframework.kafka.KafkaException e) {
            throw failed(request, topic, e);
        }
    }

    private static RequestPublishException failed(JobRequest request, String topic, Exception cause) {
        return new RequestPublishException("could not publish the " + request.type() + " request of job "
                + request.jobId() + " to " + topic + "; is Kafka reachable (spring.kafka.bootstrap-servers)?", cause);
    }
}
