package dev.mediajobs.poller.testing;

import dev.mediajobs.common.JobEvent;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every event of a topic from the beginning, in the background, for assertions. */
public final class EventsCollector implements AutoCloseable {

    private final Queue<JobEvent> events = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean running = true;

    public EventsCollector(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        events.add(JsonCodec.fromJson(record.value(), JobEvent.class));
                    }
                }
            }
        }, "events-collector-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    public List<JobEvent> of(String jobId) {
        return events.stream().filter(e -> e.job().id().equals(jobId)).toList();
    }

    public List<JobState> statesOf(String jobId) {
        return of(jobId).stream().map(e -> e.job().state()).toList();
    }

    public JobEvent last(String jobId) {
        return of(jobId).getLast();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
    }
}
