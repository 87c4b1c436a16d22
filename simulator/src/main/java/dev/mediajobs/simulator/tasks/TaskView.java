package dev.mediajobs.simulator.tasks;

/**
 * A task as seen at one instant.
 *
 * @param progress 0–100
 * @param etaMs    how long until the task reaches its outcome; 0 once terminal
 */
public record TaskView(SimulatedTask task, TaskStatus status, int progress, long etaMs) {
}
