package dev.mediajobs.api.providers;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.ProviderLimitSettings;
import dev.mediajobs.support.limits.ProviderLimits;
import dev.mediajobs.support.limits.config.LimitsProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Puts together what {@code GET /v1/providers} shows of one provider: its descriptor, the limits in force and where
 * they come from, callbacks, fallbacks, and the state of each key in the limiter shared through Redis. When Redis
 * cannot be asked the keys show {@code unknown} and the rest is still answered: the configuration is worth seeing
 * most when something is wrong.
 */
public class ProviderView {

    static final String REQUESTS_PER_MINUTE = "requestsPerMinute";
    static final String SUBMITS_PER_MINUTE = "submitsPerMinute";
    static final String POLLS_PER_MINUTE = "pollsPerMinute";
    static final String MAX_CONCURRENT_TASKS = "maxConcurrentTasks";
    static final String CONFIGURED = "configured";
    static final String DOCUMENTED = "documented";
    static final String UNLIMITED = "unlimited";
    static final String DISABLED = "disabled";

    private static final Logger log = LoggerFactory.getLogger(ProviderView.class);

    private final ProviderRegistry registry;
    private final ProviderLimits limits;
    private final LimitsProperties limitsProperties;
    private final KeyBench bench;
    private final CallbackTokens callbacks;

    public ProviderView(ProviderRegistry registry, ProviderLimits limits, LimitsProperties limitsProperties,
                        KeyBench bench, CallbackTokens callbacks) {
        this.registry = registry;
        this.limits = limits;
        this.limitsProperties = limitsProperties;
        this.bench = bench;
        this.callbacks = callbacks;
    }

    public List<ProviderResponse> all() {
        return registry.all().stream().map(this::of).toList();
    }

    ProviderResponse of(ProviderAdapter adapter) {
        ProviderDescriptor d = adapter.describe();
        ProviderSettings settings = registry.settings(d.id());
        Map<String, Integer> documented = d.limits() == null ? Map.of() : d.limits();
        boolean supportsCallbacks = adapter.acceptsCallbackUrl();
        return new ProviderResponse(d.id(), d.displayName(),
                d.operations().stream().sorted().map(Operation::wireName).toList(),
                d.models(), d.constraints(), d.defaultPollIntervalMillis(), d.defaultTimeoutSeconds(),
                effectiveLimits(d.id(), documented), d.priceNotes(), d.supportsCancel(), settings.isEnabled(),
                registry.isConfigured(d.id()), limitSources(settings.getLimits(), documented),
                new ProviderResponse.Callbacks(supportsCallbacks, supportsCallbacks && callbacks.enabled()),
                List.copyOf(settings.getFallbacks()), keys(d.id(), settings));
    }

    /** The documented figures with the four the limiter enforces replaced by their effective values. */
    private Map<String, Integer> effectiveLimits(String provider, Map<String, Integer> documented) {
        ProviderLimitSettings effective = limits.settings(provider);
        Map<String, Integer> shown = new LinkedHashMap<>(documented);
        shown.put(REQUESTS_PER_MINUTE, effective.requestsPerMinute());
        shown.put(SUBMITS_PER_MINUTE, effective.submitsPerMinute());
        shown.put(POLLS_PER_MINUTE, effective.pollsPerMinute());
        shown.put(MAX_CONCURRENT_TASKS, effective.maxConcurrentTasks());
        return shown;
    }

    private Map<String, String> limitSources(ProviderSettings.Limits configured, Map<String, Integer> documented) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(REQUESTS_PER_MINUTE, source(configured.getRequestsPerMinute(), documented.get(REQUESTS_PER_MINUTE)));
        sources.put(SUBMITS_PER_MINUTE, source(configured.getSubmitsPerMinute(), documented.get(SUBMITS_PER_MINUTE)));
        sources.put(POLLS_PER_MINUTE, source(configured.getPollsPerMinute(), documented.get(POLLS_PER_MINUTE)));
        sources.put(MAX_CONCURRENT_TASKS, source(configured.getMaxConcurrentTasks(), documented.get(MAX_CONCURRENT_TASKS)));
        return sources;
    }

    private String source(Integer configured, Integer documented) {
        if (!limitsProperties.isEnabled()) {
            return DISABLED;
        }
        return configured != null ? CONFIGURED : documented != null ? DOCUMENTED : UNLIMITED;
    }

    private List<KeyStatus> keys(String provider, ProviderSettings settings) {
        List<KeyStatus> keys = new ArrayList<>();
        for (String name : settings.keysByName().keySet()) {
            keys.add(key(new LimitScope(provider, name)));
        }
        return keys;
    }

    private KeyStatus key(LimitScope scope) {
        try {
            Optional<KeyBench.Benched> benched = bench.find(scope);
            return new KeyStatus(scope.keyId(),
                    benched.isPresent() ? KeyStatus.BENCHED : KeyStatus.ACTIVE,
                    benched.map(KeyBench.Benched::reason).orElse(null),
                    benched.map(b -> Instant.ofEpochMilli(b.untilEpochMillis())).orElse(null),
                    limits.inFlight(scope), limits.used(scope, "requests"), limits.blockedForMillis(scope));
        } catch (JedisException e) {
            log.warn("state of key {} unknown, Redis is unavailable: {}", scope, e.toString());
            return KeyStatus.unknown(scope.keyId());
        }
    }
}
