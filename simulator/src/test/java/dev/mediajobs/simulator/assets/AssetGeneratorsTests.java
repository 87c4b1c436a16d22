package dev.mediajobs.simulator.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AssetGeneratorsTests {

    @ParameterizedTest
    @EnumSource(Operation.class)
    void theSameTaskGivesTheSameBytesAndAnotherTaskOtherBytes(Operation operation) {
        AssetGenerator generator = AssetGenerators.forOperation(operation);
        long seed = AssetGenerators.seedOf("task-1");
        GeneratedAsset once = generator.generate(seed, "a prompt");
        GeneratedAsset again = generator.generate(seed, "a prompt");
        GeneratedAsset other = generator.generate(AssetGenerators.seedOf("task-2"), "a prompt");
        assertThat(again.bytes()).isEqualTo(once.bytes());
        assertThat(again.contentType()).isEqualTo(once.contentType());
        assertThat(other.bytes()).isNotEqualTo(once.bytes());
    }

    @Test
    void theSeedDependsOnlyOnTheTaskId() {
        assertThat(AssetGenerators.seedOf("abc")).isEqualTo(AssetGenerators.seedOf("abc"));
        assertThat(AssetGenerators.seedOf("abc")).isNotEqualTo(AssetGenerators.seedOf("abd"));
    }

    @Test
    void theCacheStaysWithinItsBudgetEvictingTheLeastRecentlyUsed() {
        AssetCache cache = new AssetCache(10);
        cache.put("a/0", new byte[4]);
        cache.put("b/0", new byte[4]);
        cache.get("a/0");
        cache.put("c/0", new byte[4]);
        assertThat(cache.totalBytes()).isEqualTo(8);
        assertThat(cache.get("b/0")).isEmpty();
        assertThat(cache.get("a/0")).isPresent();
        cache.removeByPrefix("a/");
        assertThat(cache.get("a/0")).isEmpty();
        assertThat(cache.totalBytes()).isEqualTo(4);
    }
}
