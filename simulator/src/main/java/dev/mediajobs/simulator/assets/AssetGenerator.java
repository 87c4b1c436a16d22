package dev.mediajobs.simulator.assets;

/**
 * Makes the output of a task. Must be deterministic: the same seed and prompt give the same bytes on every call, on
 * every JVM, because evicted assets are generated again when downloaded and must still match their published
 * SHA-256 (hence {@link StrictMath} rather than {@link Math} in the implementations).
 */
public interface AssetGenerator {

    GeneratedAsset generate(long seed, String prompt);
}
