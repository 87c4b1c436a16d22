package dev.mediajobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobOptionsTests {

    @Test
    void reservedOptionsNeverReachTheProvider() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("steps", 20);
        options.put(JobOptions.FALLBACKS, List.of("openai"));
        options.put(JobOptions.WEBHOOK_EVENTS, List.of("job.succeeded"));

        assertThat(JobOptions.forProvider(options)).containsExactly(Map.entry("steps", 20));
    }

    @Test
    void fallbacksAreProviderIdsOrProviderAndModelObjects() {
        Map<String, Object> options = Map.of(JobOptions.FALLBACKS, List.of("openai",
                Map.of("provider", "kie", "model", "gpt4o-image"), Map.of("provider", "runware")));

        assertThat(JobOptions.fallbacks(options)).containsExactly(new FallbackTarget("openai", null),
                new FallbackTarget("kie", "gpt4o-image"), new FallbackTarget("runware", null));
    }

    @Test
    void unreadableFallbackEntriesAreLeftOut() {
        Map<String, Object> options = Map.of(JobOptions.FALLBACKS, Arrays.asList("", 42, null,
                Map.of("provider", "kie", "colour", "red"), Map.of("model", "x"), Map.of("provider", "kie", "model", 7),
                "openai"));

        assertThat(JobOptions.fallbacks(options)).containsExactly(new FallbackTarget("openai", null));
        assertThat(JobOptions.fallbacks(Map.of(JobOptions.FALLBACKS, "openai"))).isEmpty();
        assertThat(JobOptions.fallbacks(null)).isEmpty();
    }
}
