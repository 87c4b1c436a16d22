package dev.mediajobs.poller.tracking;

import dev.mediajobs.common.JobEvent;
import dev.mediajobs.support.kafka.KafkaJson;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Follows the events topic and keeps the poll schedule in step with every job's latest state. A Redis failure throws,
 * so the record is retried (with backoff, see the error handler in the configuration) and the offset is not committed.
 */
public class JobEventsListener {

    public static final String GROUP_ID = "mediajobs-poller";

    private final TaskTracker tracker;
    private final Clock clock;

    public JobEventsListener(TaskTracker tracker, Clock clock) {
        this.tracker = tracker;
        this.clock = clock;
    }

    @KafkaListener(topics = "#{@mediajobsTopicNames.events}", groupId = GROUP_ID)
    public void onEvent(ConsumerRecord<String, String> record) {
        KafkaJson.read(record, JobEvent.class)
                .filter(event -> event.job() != null)
                .ifPresent(event -> tracker.apply(event.job(), clock.instant()));
    }
}
