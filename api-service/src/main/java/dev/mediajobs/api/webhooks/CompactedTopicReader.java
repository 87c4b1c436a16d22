package dev.mediajobs.api.webhooks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers of the webhooks' compacted topics that belong to no consumer group: they read every partition from the
 * beginning and never commit, so they never disturb a group's offsets. {@link #readAll} reads up to the end as it was
 * when it started (what Redis state is rebuilt from); {@link #newConsumer} gives a consumer to follow a topic.
 */
public class CompactedTopicReader {

    /** Receives each record; {@code value} is null for a tombstone. */
    @FunctionalInterface
    public interface Sink {
        void accept(String key, String value, long offset);
    }

    private final Map<String, Object> consumerConfig;

    public CompactedTopicReader(Map<String, Object> baseConsumerConfig) {
        this.consumerConfig = new HashMap<>(baseConsumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    public KafkaConsumer<String, String> newConsumer(String purpose) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mediajobs-" + purpose + "-" + UUID.randomUUID());
        return new KafkaConsumer<>(config);
    }

    /**
     * Assigns every partition of {@code topic} and seeks to its beginning.
     *
     * @return the end offsets at this moment, or an empty map when the topic does not exist (yet)
     */
    public static Map<TopicPartition, Long> assignFromBeginning(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            return Map.of();
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions);
    }

    /** Whether the consumer has read everything up to {@code end}. */
    public static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Calls {@code sink} with every record now on {@code topic} (older values of a key may come first). */
    public long readAll(String topic, Sink sink) {
        long count = 0;
        try (KafkaConsumer<String, String> consumer = newConsumer("webhooks-rebuild")) {
            Map<TopicPartition, Long> end = assignFromBeginning(consumer, topic);
            while (!reached(consumer, end)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("reading " + topic + " was interrupted");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        sink.accept(record.key(), record.value(), record.offset());
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
