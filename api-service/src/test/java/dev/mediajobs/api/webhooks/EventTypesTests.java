package dev.mediajobs.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypesTests {

    @Test
    void aJobsWebhookUrlGetsTerminalEventsUnlessItsOptionsChooseOthers() {
        assertThat(EventTypes.forJob(Map.of()))
                .containsExactlyInAnyOrder("job.succeeded", "job.failed", "job.canceled", "job.timed_out");
        assertThat(EventTypes.forJob(null)).isEqualTo(EventTypes.TERMINAL);
        assertThat(EventTypes.forJob(Map.of("webhookEvents", List.of("job.running", "job.succeeded"))))
                .containsExactlyInAnyOrder("job.running", "job.succeeded");
    }

    @Test
    void unknownAndInternalTypesAreIgnoredAndAnEmptyListMeansNone() {
        assertThat(EventTypes.forJob(Map.of("webhookEvents", List.of("job.queued", "job.storing", "bogus", 7, "job.failed"))))
                .containsExactly("job.failed");
        assertThat(EventTypes.forJob(Map.of("webhookEvents", List.of()))).isEmpty();
        assertThat(EventTypes.forJob(Map.of("webhookEvents", "job.running"))).as("not a list: the default")
                .isEqualTo(EventTypes.TERMINAL);
        assertThat(EventTypes.isSubscribable("job.queued")).isFalse();
        assertThat(EventTypes.isSubscribable("job.storing")).isFalse();
        assertThat(EventTypes.ALL).containsExactly("job.submitted", "job.running", "job.succeeded", "job.failed",
                "job.canceled", "job.timed_out");
    }
}
