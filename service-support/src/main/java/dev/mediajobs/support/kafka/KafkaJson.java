package dev.mediajobs.support.kafka;

import dev.mediajobs.common.JsonCodec;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON value of a record. A record that is not valid JSON of the expected type is logged with its position
 * and skipped: one bad message from another backend must not block a partition forever.
 */
public final class KafkaJson {

    private static final Logger log = LoggerFactory.getLogger(KafkaJson.class);

    private KafkaJson() {
    }

    public static <T> Optional<T> read(ConsumerRecord<String, String> record, Class<T> type) {
        if (record.value() == null) {
            return Optional.empty(); // a tombstone
        }
        try {
            return Optional.ofNullable(JsonCodec.fromJson(record.value(), type));
        } catch (RuntimeException e) {
            log.error("skipping unreadable {} at {}-{}@{} (key {}): {}", type.getSimpleName(), record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
            return Optional.empty();
        }
    }
}
