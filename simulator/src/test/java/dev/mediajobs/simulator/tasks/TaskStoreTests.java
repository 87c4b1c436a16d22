package dev.mediajobs.simulator.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStoreTests {

    private final List<String> evicted = new ArrayList<>();
    private final TaskStore store = new TaskStore(3, Duration.ofMinutes(1), task -> evicted.add(task.id()));

    @Test
    void aSecondSubmitWithTheSameClientTaskIdFindsTheFirstTask() {
        TaskStore.Submitted first = store.add(task("a", "job-1", 0), 0);
        TaskStore.Submitted second = store.add(task("b", "job-1", 1), 1);
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.task().id()).isEqualTo("a");
        assertThat(store.findByClientTaskId("job-1")).map(SimulatedTask::id).contains("a");
        assertThat(store.find("b")).isEmpty();
    }

    @Test
    void beyondTheMaximumTheOldestTasksAreForgotten() {
        for (int i = 0; i < 5; i++) {
            store.add(task("t" + i, "job-" + i, i), i);
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find("t0")).isEmpty();
        assertThat(store.findByClientTaskId("job-1")).isEmpty();
        assertThat(store.find("t4")).isPresent();
        assertThat(evicted).containsExactly("t0", "t1");
    }

    @Test
    void tasksOlderThanTheTtlAreForgotten() {
        store.add(task("old", "job-old", 0), 0);
        store.add(task("new", null, 61_000), 61_000);
        assertThat(store.find("old")).isEmpty();
        assertThat(store.findByClientTaskId("job-old")).isEmpty();
        assertThat(store.find("new")).isPresent();
    }

    private static SimulatedTask task(String id, String clientTaskId, long createdAt) {
        return SimulatedTaskTests.task(id, clientTaskId, createdAt, 1000, false, false);
    }
}
