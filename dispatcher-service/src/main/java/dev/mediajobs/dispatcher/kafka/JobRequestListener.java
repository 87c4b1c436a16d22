package dev.mediajobs.dispatcher.kafka;

import dev.mediajobs.dispatcher.JobDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the requests topic to the {@link JobDispatcher}. The offset is committed after the record was handled (and
 * its transition acknowledged by Kafka); an exception leaves it uncommitted for the error handler to retry.
 */
@Component
class JobRequestListener {

    static final String GROUP_ID = "mediajobs-dispatcher";

    private final JobDispatcher dispatcher;

    JobRequestListener(JobDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @KafkaListener(topics = "#{@mediajobsTopicNames.requests}", groupId = GROUP_ID,
            concurrency = "${mediajobs.dispatcher.concurrency:4}")
    void onRequest(ConsumerRecord<String, String> record) {
        dispatcher.handle(record);
    }
}
