package dev.mediajobs.support.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Spring properties that point a service at the test JVM's real Kafka, Redis and (optionally) S3. */
public final class TestInfrastructure {

    private TestInfrastructure() {
    }

    public static Map<String, Object> kafkaAndRedis() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        p.put("mediajobs.redis.url", TestRedis.url());
        p.put("mediajobs.kafka.partitions", 4);
        // tests run their providers, webhook receivers and asset sources on loopback
        p.put("mediajobs.outbound.allow-list", "127.0.0.1");
        return p;
    }

    /**
     * Topic names of their own for one test, so that services started by different test classes on the shared broker
     * never see each other's records.
     */
    public static Map<String, Object> isolatedTopics(String suffix) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mediajobs.kafka.topics.requests", "test.requests." + suffix);
        p.put("mediajobs.kafka.topics.events", "test.events." + suffix);
        p.put("mediajobs.kafka.topics.state", "test.state." + suffix);
        p.put("mediajobs.kafka.topics.completions", "test.completions." + suffix);
        return p;
    }

    public static Map<String, Object> all() {
        Map<String, Object> p = kafkaAndRedis();
        p.put("mediajobs.s3.endpoint", TestS3.endpoint());
        p.put("mediajobs.s3.access-key", TestS3.ACCESS_KEY);
        p.put("mediajobs.s3.secret-key", TestS3.SECRET_KEY);
        return p;
    }
}
