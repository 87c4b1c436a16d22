package dev.mediajobs.support.testing;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.config.MediajobsKafkaProperties;
import dev.mediajobs.support.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The four mediajobs topics under names of their own on the test broker (one partition each), so that one test sees
 * exactly the records it caused, and a way to read them back.
 */
public final class TestTopics implements AutoCloseable {

    private final MediajobsKafkaProperties properties = new MediajobsKafkaProperties();
    private final KafkaConsumer<String, String> consumer;

    private TestTopics(String suffix) {
        MediajobsKafkaProperties.TopicNames names = properties.getTopics();
        names.setRequests("test.requests." + suffix);
        names.setEvents("test.events." + suffix);
        names.setState("test.state." + suffix);
        names.setCompletions("test.completions." + suffix);
        properties.setPartitions(1);
        properties.setSendTimeoutMillis(10_000);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "test-topics-" + suffix,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20, // the records are there: do not wait for more
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** Creates the topics and waits until the broker has them. */
    public static TestTopics create() {
        TestTopics topics = new TestTopics(UUID.randomUUID().toString());
        MediajobsKafkaProperties.TopicNames t = topics.properties.getTopics();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(t.getRequests(), t.getEvents(), t.getState(), t.getCompletions()).stream()
                    .map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the test topics", e);
        }
        return topics;
    }

    /** Names these topics; a send timeout short enough for tests. */
    public MediajobsKafkaProperties properties() {
        return properties;
    }

    /** Producers for the test broker. */
    public static DefaultKafkaProducerFactory<String, String> producers() {
        return producers(TestKafka.bootstrapServers(), Map.of());
    }

    /**
     * Producers for a broker that is not there (a closed loopback port): every send fails within a fraction of a
     * second, the way it does when Kafka is down.
     */
    public static DefaultKafkaProducerFactory<String, String> unreachableProducers() {
        DefaultKafkaProducerFactory<String, String> factory = producers("127.0.0.1:" + FreePorts.next(), Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100));
        factory.setPhysicalCloseTimeout(1);
        return factory;
    }

    private static DefaultKafkaProducerFactory<String, String> producers(String bootstrapServers, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        config.putAll(extra);
        return new DefaultKafkaProducerFactory<>(config);
    }

    /** Every record on the topic so far, in order. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " up to offset " + end);
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end) {
                    records.add(r);
                }
            }
        }
        consumer.unsubscribe();
        return records;
    }

    /** The values of every record on the topic, read as {@code type}. */
    public <T> List<T> values(String topic, Class<T> type) {
        return records(topic).stream().map(r -> JsonCodec.fromJson(r.value(), type)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
