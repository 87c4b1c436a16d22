package dev.mediajobs.support.config;

import dev.mediajobs.common.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code mediajobs.kafka.*}: topic names and how they are created. */
@ConfigurationProperties(prefix = "mediajobs.kafka")
public class MediajobsKafkaProperties {

    /** Partitions of every mediajobs topic: the upper bound on consumer instances per service. */
    private int partitions = 12;
    /** Replication factor; 1 on a single local broker, 3 in production. */
    private short replicationFactor = 1;
    /** Create the topics at start-up when missing. */
    private boolean createTopics = true;
    /** How long a produced event may take to be acknowledged before the service gives up on the record. */
    private long sendTimeoutMillis = 30_000;
    private final TopicNames topics = new TopicNames();

    public int getPartitions() { return partitions; }
    public void setPartitions(int partitions) { this.partitions = partitions; }
    public short getReplicationFactor() { return replicationFactor; }
    public void setReplicationFactor(short replicationFactor) { this.replicationFactor = replicationFactor; }
    public boolean isCreateTopics() { return createTopics; }
    public void setCreateTopics(boolean createTopics) { this.createTopics = createTopics; }
    public long getSendTimeoutMillis() { return sendTimeoutMillis; }
    public void setSendTimeoutMillis(long sendTimeoutMillis) { this.sendTimeoutMillis = sendTimeoutMillis; }
    public TopicNames getTopics() { return topics; }

    /** Topic names; defaults in {@link Topics}. */
    public static class TopicNames {
        private String requests = Topics.REQUESTS;
        private String events = Topics.EVENTS;
        private String state = Topics.STATE;
        private String completions = Topics.COMPLETIONS;

        public String getRequests() { return requests; }
        public void setRequests(String requests) { this.requests = requests; }
        public String getEvents() { return events; }
        public void setEvents(String events) { this.events = events; }
        public String getState() { return state; }
        public void setState(String state) { this.state = state; }
        public String getCompletions() { return completions; }
        public void setCompletions(String completions) { this.completions = completions; }
    }
}
