package dev.mediajobs.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHasherTests {

    private static final JobInput INPUT = new JobInput("a cat", null, List.of(), "1:1", null, null, 7L, null);

    @Test
    void sameRequestSameHashWhateverTheOrderOfMapKeys() {
        Map<String, Object> options1 = new LinkedHashMap<>();
        options1.put("quality", "high");
        options1.put("nested", new LinkedHashMap<>(Map.of("b", 1, "a", 2)));
        Map<String, Object> options2 = new LinkedHashMap<>();
        options2.put("nested", new LinkedHashMap<>(Map.of("a", 2, "b", 1)));
        options2.put("quality", "high");

        assertThat(RequestHasher.hash("simulator", null, "text-to-image", INPUT, options1, null))
                .isEqualTo(RequestHasher.hash("simulator", null, "text-to-image", INPUT, options2, null));
    }

    @Test
    void canonicalFormIsSortedCompactJsonAndHashedWithSha256() {
        String json = RequestHasher.canonicalJson("simulator", null, "text-to-image", INPUT, Map.of("z", 1, "a", true), "https://h.example/x");
        assertThat(json).isEqualTo("{\"input\":{\"aspectRatio\":\"1:1\",\"imageUrls\":[],\"prompt\":\"a cat\",\"seed\":7},"
                + "\"operation\":\"text-to-image\",\"options\":{\"a\":true,\"z\":1},\"provider\":\"simulator\","
                + "\"webhookUrl\":\"https://h.example/x\"}");
        assertThat(RequestHasher.hash("simulator", null, "text-to-image", INPUT, Map.of("z", 1, "a", true), "https://h.example/x"))
                .isEqualTo(Hashing.sha256Hex(json));
    }

    @Test
    void anyDifferenceChangesTheHash() {
        String base = RequestHasher.hash("simulator", null, "text-to-image", INPUT, Map.of(), null);
        assertThat(RequestHasher.hash("simulator", null, "text-to-image", JobInput.ofPrompt("a dog"), Map.of(), null)).isNotEqualTo(base);
        assertThat(RequestHasher.hash("simulator", "sim-image-1", "text-to-image", INPUT, Map.of(), null)).isNotEqualTo(base);
        assertThat(RequestHasher.hash("simulator", null, "text-to-video", INPUT, Map.of(), null)).isNotEqualTo(base);
        assertThat(RequestHasher.hash("simulator", null, "text-to-image", INPUT, Map.of("x", 1), null)).isNotEqualTo(base);
        assertThat(RequestHasher.hash("simulator", null, "text-to-image", INPUT, Map.of(), "https://h.example")).isNotEqualTo(base);
        assertThat(RequestHasher.hash("simulator", null, "text-to-image", INPUT, null, null)).as("null options = {}").isEqualTo(base);
    }
}
