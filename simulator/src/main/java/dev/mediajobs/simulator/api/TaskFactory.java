package dev.mediajobs.simulator.api;

import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.tasks.SimulatedTask;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Turns a submit into a task: id, duration and outcome, from the request's {@code simulate} or the configuration. */
final class TaskFactory {

    private static final List<String> FAILURE_MESSAGES = List.of(
            "the model could not render this prompt (simulated failure)",
            "content policy rejected the output (simulated failure)",
            "the generation worker crashed (simulated failure)",
            "the upstream model timed out (simulated failure)");

    private final SimulatorConfig config;

    TaskFactory(SimulatorConfig config) {
        this.config = config;
    }

    SimulatedTask create(SubmitRequest request, long nowMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SubmitRequest.Simulate simulate = request.simulate();
        long durationMs = simulate.durationMs() != null ? simulate.durationMs()
                : random.nextLong(config.minDurationMs(), config.maxDurationMs() + 1);
        boolean fails = simulate.fails() != null ? simulate.fails() : random.nextDouble() < config.failureRate();
        return new SimulatedTask(UUID.randomUUID().toString(), request.clientTaskId(), request.operation(),
                request.model(), request.prompt(), nowMillis, durationMs, fails,
                simulate.failOnPoll(), FAILURE_MESSAGES.get(random.nextInt(FAILURE_MESSAGES.size())));
    }
}
