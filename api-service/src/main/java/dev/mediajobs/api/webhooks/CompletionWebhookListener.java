package dev.mediajobs.api.webhooks;

import dev.mediajobs.common.JobEvent;
import dev.mediajobs.support.kafka.KafkaJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Sends the signed webhook of every terminal event on the completions topic whose job has a webhook URL. The body is
 * the record's value byte for byte, so a receiver sees exactly what topic consumers see.
 */
@Component
public class CompletionWebhookListener {

    private final WebhookDelivery delivery;

    public CompletionWebhookListener(WebhookDelivery delivery) {
        this.delivery = delivery;
    }

    @KafkaListener(topics = "#{@mediajobsTopicNames.completions}", groupId = "mediajobs-api-webhooks",
            concurrency = "${mediajobs.webhooks.concurrency:4}")
    public void onCompletion(ConsumerRecord<String, String> record) {
        KafkaJson.read(record, JobEvent.class).ifPresent(event -> delivery.deliver(event, record.value()));
    }
}
