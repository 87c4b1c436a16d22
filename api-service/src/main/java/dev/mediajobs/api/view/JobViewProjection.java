package dev.mediajobs.api.view;

import dev.mediajobs.common.JobEvent;
import dev.mediajobs.support.kafka.KafkaJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the Redis job view current from the events topic. At-least-once and order-tolerant: the view applies a
 * snapshot only when its version is newer, so re-deliveries and interleaved writers are harmless.
 */
@Component
public class JobViewProjection {

    private final ViewApplier applier;

    public JobViewProjection(ViewApplier applier) {
        this.applier = applier;
    }

    @KafkaListener(topics = "#{@mediajobsTopicNames.events}", groupId = "mediajobs-api-view")
    public void onEvent(ConsumerRecord<String, String> record) {
        KafkaJson.read(record, JobEvent.class)
                .map(JobEvent::job)
                .ifPresent(applier::apply);
    }
}
