package dev.mediajobs.api.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mediajobs.webhooks.*}: signing, subscriptions and delivery of webhooks (docs/webhooks.md).
 *
 * <p>Durations on the retry schedule are multiplied by {@code schedule-scale}: 1 in production, e.g. 0.001 in tests
 * so that a day of retries passes in seconds. A receiver's {@code Retry-After} is never scaled.
 */
@ConfigurationProperties(prefix = "mediajobs.webhooks")
public class WebhookProperties {

    /**
     * {@code whsec_<base64>}, comma-separated during a rotation (each signs, receivers accept any): the signing
     * secrets of tenants without their own ({@code mediajobs.api.tenants.<tenant>.webhook-secret}). When neither is
     * set a random one is generated at start-up.
     */
    private List<String> signingSecret = new ArrayList<>();
    /** The longest a receiver may take to answer one attempt (connecting included). */
    private Duration responseTimeout = Duration.ofSeconds(15);
    /** The longest connecting to a receiver may take (within the response timeout). */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** Multiplies every delay of the retry schedule; 1 in production. */
    private double scheduleScale = 1.0;
    /** How often each instance looks for due deliveries. */
    private Duration tick = Duration.ofMillis(500);
    /**
     * How long a claimed delivery belongs to the instance that claimed it; when that instance dies mid-attempt another
     * takes the delivery over after this. Longer than the response timeout.
     */
    private Duration lease = Duration.ofSeconds(60);
    /** Attempts in flight at once per instance. */
    private int maxConcurrentDeliveries = 32;
    /** Consumer threads reading job events (at most the number of partitions are useful). */
    private int concurrency = 2;
    /**
     * Events older than this are not delivered: a consumer group that starts afresh on a topic with days of history
     * must not flood receivers with stale notifications.
     */
    private Duration maxEventAge = Duration.ofHours(24);
    /** How long finished deliveries (and their attempts) stay visible and on the deliveries topic. */
    private Duration deliveryRetention = Duration.ofDays(30);
    /** How often to check whether Redis lost the delivery schedule (its ready marker) and rebuild it from Kafka. */
    private Duration rebuildCheckInterval = Duration.ofSeconds(5);
    /** Prefix of every Redis key of the delivery schedule (tests give each service their own). */
    private String redisKeyPrefix = "mj:webhooks:";
    /** Tenant-wide endpoints a tenant may register. */
    private int maxEndpointsPerTenant = 50;
    private final Topics topics = new Topics();

    public List<String> getSigningSecret() { return signingSecret; }
    public void setSigningSecret(List<String> signingSecret) { this.signingSecret = signingSecret; }
    public Duration getResponseTimeout() { return responseTimeout; }
    public void setResponseTimeout(Duration responseTimeout) { this.responseTimeout = responseTimeout; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public double getScheduleScale() { return scheduleScale; }
    public void setScheduleScale(double scheduleScale) { this.scheduleScale = scheduleScale; }
    public Duration getTick() { return tick; }
    public void setTick(Duration tick) { this.tick = tick; }
    public Duration getLease() { return lease; }
    public void setLease(Duration lease) { this.lease = lease; }
    public int getMaxConcurrentDeliveries() { return maxConcurrentDeliveries; }
    public void setMaxConcurrentDeliveries(int maxConcurrentDeliveries) { this.maxConcurrentDeliveries = maxConcurrentDeliveries; }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
    public Duration getMaxEventAge() { return maxEventAge; }
    public void setMaxEventAge(Duration maxEventAge) { this.maxEventAge = maxEventAge; }
    public Duration getDeliveryRetention() { return deliveryRetention; }
    public void setDeliveryRetention(Duration deliveryRetention) { this.deliveryRetention = deliveryRetention; }
    public Duration getRebuildCheckInterval() { return rebuildCheckInterval; }
    public void setRebuildCheckInterval(Duration rebuildCheckInterval) { this.rebuildCheckInterval = rebuildCheckInterval; }
    public String getRedisKeyPrefix() { return redisKeyPrefix; }
    public void setRedisKeyPrefix(String redisKeyPrefix) { this.redisKeyPrefix = redisKeyPrefix; }
    public int getMaxEndpointsPerTenant() { return maxEndpointsPerTenant; }
    public void setMaxEndpointsPerTenant(int maxEndpointsPerTenant) { this.maxEndpointsPerTenant = maxEndpointsPerTenant; }
    public Topics getTopics() { return topics; }

    /** @throws IllegalStateException naming the first bad property */
    public void validate() {
        require(positive(responseTimeout), "mediajobs.webhooks.response-timeout must be positive, e.g. 15s");
        require(positive(connectTimeout), "mediajobs.webhooks.connect-timeout must be positive, e.g. 5s");
        require(scheduleScale > 0 && scheduleScale <= 1000, "mediajobs.webhooks.schedule-scale must be above 0 (1 in production)");
        require(positive(tick), "mediajobs.webhooks.tick must be positive, e.g. 500ms");
        require(lease != null && lease.compareTo(responseTimeout.plus(connectTimeout).plusSeconds(5)) > 0,
                "mediajobs.webhooks.lease must exceed response-timeout + connect-timeout + 5s, e.g. 60s");
        require(maxConcurrentDeliveries >= 1, "mediajobs.webhooks.max-concurrent-deliveries must be at least 1");
        require(concurrency >= 1, "mediajobs.webhooks.concurrency must be at least 1");
        require(positive(maxEventAge), "mediajobs.webhooks.max-event-age must be positive, e.g. 24h");
        require(deliveryRetention != null && deliveryRetention.compareTo(Duration.ofDays(4)) >= 0,
                "mediajobs.webhooks.delivery-retention must be at least 4d (longer than the retry schedule)");
        require(rebuildCheckInterval != null && rebuildCheckInterval.toMillis() >= 10,
                "mediajobs.webhooks.rebuild-check-interval must be at least 10ms, e.g. 5s");
        require(redisKeyPrefix != null && !redisKeyPrefix.isBlank(), "mediajobs.webhooks.redis-key-prefix must not be empty");
        require(maxEndpointsPerTenant >= 1, "mediajobs.webhooks.max-endpoints-per-tenant must be at least 1");
        require(notBlank(topics.endpoints) && notBlank(topics.deliveries) && notBlank(topics.deadLetters),
                "mediajobs.webhooks.topics.* must not be empty");
    }

    private static boolean positive(Duration d) {
        return d != null && d.toMillis() >= 1;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[signingSecrets=" + (signingSecret == null ? 0 : signingSecret.size())
                + ", responseTimeout=" + responseTimeout + ", scheduleScale=" + scheduleScale + ", lease=" + lease + "]";
    }

    /** The webhooks' own Kafka topics (docs/kafka-topics.md). */
    public static class Topics {
        /** Compacted, keyed by endpoint id: the tenant-wide endpoints (with their secrets). */
        private String endpoints = "mediajobs.webhook-endpoints.v1";
        /** Compacted, keyed by delivery id: every delivery's latest state and attempts. */
        private String deliveries = "mediajobs.webhook-deliveries.v1";
        /** Deliveries that exhausted the retry schedule. */
        private String deadLetters = "mediajobs.webhook-dead-letters.v1";

        public String getEndpoints() { return endpoints; }
        public void setEndpoints(String endpoints) { this.endpoints = endpoints; }
        public String getDeliveries() { return deliveries; }
        public void setDeliveries(String deliveries) { this.deliveries = deliveries; }
        public String getDeadLetters() { return deadLetters; }
        public void setDeadLetters(String deadLetters) { this.deadLetters = deadLetters; }
    }
}
