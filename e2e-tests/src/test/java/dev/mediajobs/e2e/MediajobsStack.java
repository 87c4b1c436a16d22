package dev.mediajobs.e2e;

import dev.mediajobs.api.ApiServiceApplication;
import dev.mediajobs.dispatcher.DispatcherServiceApplication;
import dev.mediajobs.poller.PollerServiceApplication;
import dev.mediajobs.storage.StorageServiceApplication;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The four services, each its own Spring application context with its own HTTP port, against the test JVM's real
 * Kafka, Redis and S3: the same wiring as four processes, minus the process boundary. A test may start only some of
 * them here ({@link #withOnly}) and run the others as processes of their own, and may give one service properties of
 * its own ({@link #withServiceProperties}).
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
    private final Map<Service, Map<String, Object>> serviceProperties = new EnumMap<>(Service.class);
    private final Set<Service> services = EnumSet.allOf(Service.class);
    private final Map<Service, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

    /**
     * A stack on the test JVM's Kafka, Redis and S3. Kafka topics are per test class (isolated topic names), but Redis
     * keys are shared, so every stack starts from an empty Redis: a task another class left in flight must not be
     * polled here, and the limiter's windows and slots of a provider must start from none.
     */
    MediajobsStack(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(TestInfrastructure.all());
        TestRedis.flushAll();
        all.put("server.port", 0);
        all.putAll(properties);
        this.properties = all;
    }

    /** The properties every service gets (a service's own ones from {@link #withServiceProperties} not included). */
    Map<String, Object> properties() {
        return properties;
    }

    /** The properties one service gets: the shared ones, overridden by its own. */
    Map<String, Object> properties(Service service) {
        Map<String, Object> merged = new LinkedHashMap<>(properties);
        merged.putAll(serviceProperties.getOrDefault(service, Map.of()));
        return merged;
    }

    /** Properties for one service only, on top of the shared ones (e.g. a fixed {@code server.port} for the api). */
    MediajobsStack withServiceProperties(Service service, Map<String, Object> own) {
        serviceProperties.computeIfAbsent(service, s -> new LinkedHashMap<>()).putAll(own);
        return this;
    }

    /** Starts only these services in this JVM; the test runs the others itself (e.g. as processes). */
    MediajobsStack withOnly(Service... only) {
        services.clear();
        services.addAll(Arrays.asList(only));
        return this;
    }

    MediajobsStack start() {
        for (Service service : services) {
            // command-line arguments, because builder properties are defaults that each service's yml overrides
            String[] args = properties(service).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
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
