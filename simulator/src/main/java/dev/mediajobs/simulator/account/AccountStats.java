package dev.mediajobs.simulator.account;

import java.util.List;
import java.util.Map;

/**
 * What the account has seen so far; also served as JSON at {@code GET /simulator/stats}.
 *
 * @param requestsPerMinuteLimit  the enforced budget; 0 = unlimited
 * @param maxConcurrentTasksLimit the enforced limit; 0 = unlimited
 * @param calls                   API calls answered, by {@link CallKind#wireName()} (refused ones included)
 * @param refused                 429 answers, by {@link Refusal#wireName()}
 * @param maxCallsInAnyWindow     the most calls admitted within any 60 s
 * @param maxConcurrentTasks      the most unfinished tasks at any time
 * @param activeTasks             unfinished tasks now
 * @param overlappingStatusCalls  status calls that arrived while another one of the same task was being answered
 * @param overlappedTaskIds       some of the tasks concerned
 * @param callsDroppedFromLog     calls no longer in the (bounded) arrival log
 */
public record AccountStats(int requestsPerMinuteLimit, int maxConcurrentTasksLimit, Map<String, Long> calls,
                           Map<String, Long> refused, int maxCallsInAnyWindow, int maxConcurrentTasks, int activeTasks,
                           long overlappingStatusCalls, List<String> overlappedTaskIds, long callsDroppedFromLog) {

    public long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** 429s for a limit the client should have kept to (random 429s are not counted). */
    public long limitViolations() {
        return refused.entrySet().stream()
                .filter(e -> !e.getKey().equals(Refusal.RANDOM.wireName()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
