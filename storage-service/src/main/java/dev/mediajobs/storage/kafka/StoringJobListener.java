package dev.mediajobs.storage.kafka;

import dev.mediajobs.common.JobEvent;
import dev.mediajobs.storage.jobs.StoringJobProcessor;
import dev.mediajobs.support.kafka.KafkaJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the events topic and finishes every job that reaches {@code storing}. At-least-once: the offset is
 * committed only after the next snapshot was acknowledged by Kafka; an exception leaves it uncommitted and the
 * container's error handler ({@link StorageErrorHandling}) retries the record.
 */
@Component
public class StoringJobListener {

    private final StoringJobProcessor processor;

    public StoringJobListener(StoringJobProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(id = "mediajobs-storage", topics = "#{@mediajobsTopicNames.events}", groupId = "mediajobs-storage",
            concurrency = "${mediajobs.storage.concurrency:4}")
    public void onEvent(ConsumerRecord<String, String> record) {
        KafkaJson.read(record, JobEvent.class)
                .map(JobEvent::job)
                .ifPresent(processor::process);
    }
}
