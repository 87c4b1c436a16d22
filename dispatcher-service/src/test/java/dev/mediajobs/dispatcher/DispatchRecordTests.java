package dev.mediajobs.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.JsonCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DispatchRecordTests {

    @Test
    void parsesEveryStoredForm() {
        assertThat(DispatchRecord.parse(null)).isInstanceOf(DispatchRecord.None.class);
        assertThat(DispatchRecord.parse("submitting openai k2 2026-01-02T03:04:05Z"))
                .isEqualTo(new DispatchRecord.Submitting("openai", "k2", Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(DispatchRecord.parse("submitted task 42 default"))
                .isEqualTo(new DispatchRecord.Submitted("task 42", "default"));
        assertThat(DispatchRecord.parse("closed failed")).isEqualTo(new DispatchRecord.Closed("failed"));
        Job job = Job.builder().id("j1").tenant("t").version(2).state(JobState.SUBMITTED).providerTaskId("x").build();
        assertThat(DispatchRecord.parse("publishing " + JsonCodec.toJson(job)))
                .isEqualTo(new DispatchRecord.Publishing(job));
    }

    @Test
    void recordsWrittenBeforeFallbacksExistedAreStillRead() {
        assertThat(DispatchRecord.parse("submitting")).isEqualTo(new DispatchRecord.Submitting(null, null, null));
        assertThat(DispatchRecord.parse("submitting default"))
                .isEqualTo(new DispatchRecord.Submitting(null, "default", null));
        assertThat(DispatchRecord.parse("submitting default 2026-01-02T03:04:05Z"))
                .isEqualTo(new DispatchRecord.Submitting(null, "default", Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void anUnknownValueCountsAsDoneSoNothingIsSubmittedTwice() {
        assertThat(DispatchRecord.parse("something-newer x y")).isInstanceOf(DispatchRecord.Closed.class);
    }
}
