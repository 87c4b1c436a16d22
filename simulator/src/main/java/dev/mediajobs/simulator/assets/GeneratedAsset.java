package dev.mediajobs.simulator.assets;

/** The bytes of one generated output and their content type. */
public record GeneratedAsset(String contentType, byte[] bytes) {
}
