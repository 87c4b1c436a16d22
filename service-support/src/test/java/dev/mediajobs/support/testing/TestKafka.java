package dev.mediajobs.support.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real Kafka broker (KRaft, in-process), one per test JVM. */
public final class TestKafka {

    private static EmbeddedKafkaKraftBroker broker;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 4);
            b.brokerProperty("auto.create.topics.enable", "true");
            b.brokerProperty("log.cleaner.backoff.ms", "1000");
            b.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "test-kafka-stop"));
            broker = b;
        }
        return broker.getBrokersAsString();
    }
}
