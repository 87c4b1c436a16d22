package dev.mediajobs.api.jobs;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code requestHash} of a submit: SHA-256 over the canonical JSON of what the client asked for (provider, model,
 * operation, input, options, webhookUrl) with every map's keys and every object's properties sorted, so that the same
 * request always hashes the same whatever the order of its fields. A reused Idempotency-Key is accepted only with the
 * same hash.
 */
public final class RequestHasher {

    private static final JsonMapper CANONICAL = JsonCodec.mapper().rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RequestHasher() {
    }

    /**
     * @param operation the operation's wire name (normalised, so {@code TEXT_TO_IMAGE} and {@code text-to-image} are the
     *                  same request)
     */
    public static String hash(String provider, String model, String operation, JobInput input,
                              Map<String, Object> options, String webhookUrl) {
        return Hashing.sha256Hex(canonicalJson(provider, model, operation, input, options, webhookUrl));
    }

    static String canonicalJson(String provider, String model, String operation, JobInput input,
                                Map<String, Object> options, String webhookUrl) {
        Map<String, Object> canonical = new TreeMap<>();
        putIfPresent(canonical, "provider", provider);
        putIfPresent(canonical, "model", model);
        putIfPresent(canonical, "operation", operation);
        canonical.put("input", input == null ? JobInput.ofPrompt(null) : input);
        canonical.put("options", options == null ? Map.of() : options);
        putIfPresent(canonical, "webhookUrl", webhookUrl);
        // records keep their declaration order when written; as plain maps every level is sorted by key
        Map<?, ?> plain = CANONICAL.convertValue(canonical, Map.class);
        return CANONICAL.writeValueAsString(plain);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
