package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of Kie's model families: its models and operations, its request rules, its submit endpoint and body, and its
 * record-info endpoint and answer. The adapter picks the family; the family knows its corner of the document.
 */
interface KieFamily {

    /** Stable id: the value of {@code options.kieFamily} and the route of its task ids. */
    String id();

    List<String> models();

    /** The model used when the job names none, for an operation of {@link #operations()}. */
    String defaultModel(Operation operation);

    Set<Operation> operations();

    /** How often to poll a running task: the document's 3-10 s for images, 10-30 s for video (and music). */
    long pollIntervalMillis();

    /** Human-readable rules by field, for the descriptor. */
    Map<String, String> constraints();

    /** Adds the request's problems; the model is already known to be one of {@link #models()}. */
    void check(KieJob job, KieChecks checks);

    /** The submit call of a valid job. */
    KieSubmission submission(KieJob job);

    /** The routes (task id prefixes) this family polls; {@link #id()} unless it has variants. */
    default Set<String> routes() {
        return Set.of(id());
    }

    /** Reads the task's record (and whatever else the route needs) into a poll result. */
    PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException;

    /** A submit call: where, what, and under which route its task is polled. */
    record KieSubmission(String path, Map<String, Object> body, String route) {
    }
}
