package dev.mediajobs.e2e;

import dev.mediajobs.api.ApiServiceApplication;
import dev.mediajobs.dispatcher.DispatcherServiceApplication;
import dev.mediajobs.poller.PollerServiceApplication;
import dev.mediajobs.storage.StorageServiceApplication;
import dev.mediajobs.support.testing.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The four services, each its own Spring application context with its own HTTP port, against the test JVM's real
 * Kafka, Redis and S3: the same wiring as four processes, minus the process boundary.
 */
final class MediajobsStack implements AutoCloseable {

    enum Service {
        API(ApiServiceApplication::builder),
        DISPATCHER(DispatcherServiceApplication::builder),
        POLLER(PollerServiceApplication::builder),
        STORAGE(StorageServiceApplication::builder);

        private final Supplier<SpringApplicationBuilder> builder;

        Service(Supplier<SpringApplicationBuilder> builder) {
            this.builder = builder;
        }
    }

    private final Map<String, Object> properties;
    private final Map<Service, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

    MediajobsStack(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(TestInfrastructure.all());
        all.put("server.port", 0);
        all.putAll(properties);
        this.properties = all;
    }

    Map<String, Object> properties() {
        return properties;
    }

    MediajobsStack start() {
        for (Service service : Service.values()) {
            // command-line arguments, because builder properties are defaults that each service's yml overrides
            String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            contexts.put(service, service.builder.get().run(args));
        }
        awaitPartitionsAssigned();
        return this;
    }

    String baseUrl(Service service) {
        return "http://127.0.0.1:" + contexts.get(service).getEnvironment().getProperty("local.server.port");
    }

    <T> T bean(Service service, Class<T> type) {
        return contexts.get(service).getBean(type);
    }

    /** Waits until every listener container owns partitions, so no rebalance re-delivers records mid-test. */
    private void awaitPartitionsAssigned() {
        Awaitility.await("Kafka partitions assigned to every listener").atMost(Duration.ofSeconds(60)).until(() -> {
            List<MessageListenerContainer> containers = new ArrayList<>();
            contexts.values().forEach(c -> containers.addAll(c.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers()));
            Map<String, Integer> assignedPerGroup = new LinkedHashMap<>();
            for (MessageListenerContainer container : containers) {
                var assigned = container.getAssignedPartitions();
                assignedPerGroup.merge(container.getGroupId(), assigned == null ? 0 : assigned.size(), Integer::sum);
            }
            int partitions = Integer.parseInt(String.valueOf(properties.get("mediajobs.kafka.partitions")));
            return !containers.isEmpty() && assignedPerGroup.values().stream().allMatch(n -> n == partitions);
        });
    }

    @Override
    public void close() {
        List<Service> reverse = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(reverse);
        reverse.forEach(s -> contexts.get(s).close());
        contexts.clear();
    }
}
