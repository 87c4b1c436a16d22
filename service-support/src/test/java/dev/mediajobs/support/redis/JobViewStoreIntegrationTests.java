package dev.mediajobs.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.Operation;
import dev.mediajobs.support.testing.TestRedis;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

class JobViewStoreIntegrationTests {

    private static UnifiedJedis redis;
    private static JobViewStore view;
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
        view = new JobViewStore(redis);
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    private static Job aQueuedJob(String tenant, Instant createdAt) {
        return Job.builder().id(JobIds.random()).tenant(tenant).version(1).state(JobState.QUEUED)
                .provider("simulator").operation(Operation.TEXT_TO_IMAGE).input(JobInput.ofPrompt("p"))
                .createdAt(createdAt).updatedAt(createdAt).build();
    }

    @Test
    void appliesOnlyNewerVersions() {
        Job queued = aQueuedJob("t-versions", T0);
        Job submitted = queued.transitionTo(JobState.SUBMITTED, T0);

        assertThat(view.apply(submitted)).isTrue();
        assertThat(view.apply(queued)).as("older snapshot arriving late").isFalse();
        assertThat(view.apply(submitted)).as("duplicate").isFalse();
        assertThat(view.find(queued.id())).contains(submitted);
    }

    @Test
    void neverLeavesATerminalState() {
        Job canceled = aQueuedJob("t-terminal", T0).transitionTo(JobState.CANCELED, T0);
        view.apply(canceled);
        Job bogus = canceled.toBuilder().version(99).state(JobState.RUNNING).build();

        assertThat(view.apply(bogus)).isFalse();
        assertThat(view.find(canceled.id()).map(Job::state)).contains(JobState.CANCELED);
    }

    @Test
    void otherTenantsDoNotSeeTheJob() {
        Job job = aQueuedJob("t-owner", T0);
        view.apply(job);

        assertThat(view.find("t-owner", job.id())).isPresent();
        assertThat(view.find("t-stranger", job.id())).isEmpty();
        assertThat(view.list("t-stranger", j -> true, null, 10).jobs()).isEmpty();
    }

    @Test
    void pagesNewestFirstWithFiltersAndCursor() {
        String tenant = "t-paging-" + JobIds.random();
        List<Job> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // several jobs share a millisecond so that the cursor must break ties by id
            Job job = aQueuedJob(tenant, T0.plusMillis(i / 3));
            if (i % 2 == 0) {
                job = job.transitionTo(JobState.FAILED, T0);
            }
            view.apply(job);
            created.add(job);
        }

        Set<String> seen = new HashSet<>();
        List<Job> failed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JobViewStore.Page page = view.list(tenant, j -> j.state() == JobState.FAILED, cursor, 4);
            page.jobs().forEach(j -> assertThat(seen.add(j.id())).as("no job twice").isTrue());
            failed.addAll(page.jobs());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 20);

        assertThat(failed).hasSize(13).allMatch(j -> j.state() == JobState.FAILED);
        assertThat(failed).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));
    }
}
