package dev.mediajobs.support.kafka;

import dev.mediajobs.common.Job;
import dev.mediajobs.support.config.MediajobsKafkaProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted state topic from the beginning up to its current end: every job's latest snapshot. This is what
 * Redis state is rebuilt from after Redis was lost. It uses no consumer group, so it never disturbs a service's
 * committed offsets.
 */
public class StateTopicReader {

    private static final Logger log = LoggerFactory.getLogger(StateTopicReader.class);

    private final Map<String, Object> consumerConfig;
    private final MediajobsKafkaProperties properties;

    public StateTopicReader(Map<String, Object> baseConsumerConfig, MediajobsKafkaProperties properties) {
        this.consumerConfig = new java.util.HashMap<>(baseConsumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "mediajobs-state-reader-" + UUID.randomUUID());
        this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.properties = properties;
    }

    /** Calls {@code sink} with every latest-known snapshot (older duplicates of a job may come first). */
    public long readAll(Consumer<Job> sink) {
        String topic = properties.getTopics().getState();
        long count = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        KafkaJson.read(record, Job.class).ifPresent(sink);
                        count++;
                    }
                }
            }
        }
        log.info("read {} snapshots from {}", count, topic);
        return count;
    }
}
