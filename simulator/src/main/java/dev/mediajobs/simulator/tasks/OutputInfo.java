package dev.mediajobs.simulator.tasks;

/** What the task JSON says about one output: its bytes stay in the asset cache, this stays with the task. */
public record OutputInfo(String contentType, String sha256, long sizeBytes) {
}
