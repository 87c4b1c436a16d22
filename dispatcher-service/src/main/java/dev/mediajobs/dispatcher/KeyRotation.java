package dev.mediajobs.dispatcher;

import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimitScope;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The order in which a submit tries a provider's API keys (its key pool: {@code api-key} as {@code default}, then
 * {@code api-keys.<name>}). Each submit starts one key further along than the one before, counted in Redis so that
 * every dispatcher instance shares one rotation and the pool's accounts share the load evenly; keys on the
 * {@link KeyBench} (refused by the provider for auth or credits) are left out until their bench runs out.
 */
public class KeyRotation {

    /** The shared position of a provider's rotation; a plain counter, so a Redis wipe only restarts the rotation. */
    static String positionKey(String provider) {
        return "mj:keys:next:" + provider;
    }

    private final UnifiedJedis redis;
    private final ProviderRegistry registry;
    private final KeyBench bench;

    public KeyRotation(UnifiedJedis redis, ProviderRegistry registry, KeyBench bench) {
        this.redis = redis;
        this.registry = registry;
        this.bench = bench;
    }

    /** Every configured key name of the provider, in configuration order. */
    public List<String> configured(String provider) {
        return List.copyOf(registry.settings(provider).keysByName().keySet());
    }

    /** The keys to try for the next submit, in order, without the benched ones; empty when none is usable. */
    public List<String> next(String provider) {
        List<String> keys = configured(provider);
        List<String> rotated = new ArrayList<>(keys.size());
        if (keys.size() > 1) {
            int start = (int) Math.floorMod(redis.incr(positionKey(provider)) - 1, (long) keys.size());
            rotated.addAll(keys.subList(start, keys.size()));
            rotated.addAll(keys.subList(0, start));
        } else {
            rotated.addAll(keys);
        }
        rotated.removeIf(key -> bench.isBenched(new LimitScope(provider, key)));
        return rotated;
    }

    /** The benched keys of the provider with why and until when, for messages and logs. */
    public List<KeyBench.Benched> benched(String provider) {
        List<KeyBench.Benched> benched = new ArrayList<>();
        for (String key : configured(provider)) {
            bench.find(new LimitScope(provider, key)).ifPresent(benched::add);
        }
        return benched;
    }
}
