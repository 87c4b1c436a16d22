package dev.mediajobs.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CallbackPathsTests {

    @Test
    void theTokenOfACallbackPathNeverReachesALog() {
        assertThat(CallbackPaths.redact("/v1/callbacks/job-1/s3cr3t-T0ken_x")).isEqualTo("/v1/callbacks/job-1/***");
        assertThat(CallbackPaths.redact("/v1/callbacks/job-1/s3cr3t?x=1")).isEqualTo("/v1/callbacks/job-1/***?x=1");
        assertThat(CallbackPaths.redact("/v1/jobs/job-1")).isEqualTo("/v1/jobs/job-1");
        assertThat(CallbackPaths.redact(null)).isNull();
    }

    @Test
    void anUnverifiedIdIsShortenedAndCannotForgeLogLines() {
        assertThat(CallbackPaths.printable("3f1c-ab_9.x:1")).isEqualTo("3f1c-ab_9.x:1");
        assertThat(CallbackPaths.printable("a\nFAKE LINE")).isEqualTo("a?FAKE?LINE");
        assertThat(CallbackPaths.printable("x".repeat(100))).hasSize(67).endsWith("...");
    }

    @Test
    void aBodyIsCountedUpToTheLimitAndRefusedBeyond() throws IOException {
        assertThat(CallbackBody.drain(new ByteArrayInputStream(new byte[10_000]), 10_000)).hasValue(10_000);
        assertThat(CallbackBody.drain(new ByteArrayInputStream(new byte[10_001]), 10_000)).isEmpty();
        assertThat(CallbackBody.drain(new ByteArrayInputStream(new byte[0]), 10_000)).hasValue(0);
    }
}
