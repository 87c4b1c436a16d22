package dev.mediajobs.api.webhooks;

import dev.mediajobs.common.JobEvent;
import dev.mediajobs.support.kafka.KafkaJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Plans the webhook deliveries of every job event (all transitions, not only completions). The offset is committed
 * only after the deliveries are on the deliveries topic; when that fails (Kafka or Redis down, a rebuild under way)
 * the listener's error handler retries the record with growing pauses.
 */
@Component
public class WebhookEventListener {

    private final DeliveryPlanner planner;

    public WebhookEventListener(DeliveryPlanner planner) {
        this.planner = planner;
    }

    @KafkaListener(topics = "#{@mediajobsTopicNames.events}", groupId = "mediajobs-api-webhooks",
            concurrency = "${mediajobs.webhooks.concurrency:2}")
    public void onEvent(ConsumerRecord<String, String> record) {
        KafkaJson.read(record, JobEvent.class).ifPresent(event -> planner.plan(event, record.value()));
    }
}
