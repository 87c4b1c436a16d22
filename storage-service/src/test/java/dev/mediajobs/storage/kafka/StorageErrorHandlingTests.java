package dev.mediajobs.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.storage.archive.StorageUnavailableException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

class StorageErrorHandlingTests {

    @Test
    void s3TroubleWrappedByTheContainerIsAnInfrastructureFailure() {
        Exception wrapped = new ListenerExecutionFailedException("listener failed",
                new StorageUnavailableException("S3 failed storing b/k", new IOException("connection refused")));

        assertThat(StorageErrorHandling.isInfrastructureFailure(wrapped)).isTrue();
        assertThat(StorageErrorHandling.rootMessage(wrapped)).isEqualTo("S3 failed storing b/k");
    }

    @Test
    void kafkaTroubleIsAnInfrastructureFailure() {
        assertThat(StorageErrorHandling.isInfrastructureFailure(new ListenerExecutionFailedException("x",
                new org.apache.kafka.common.errors.TimeoutException("metadata")))).isTrue();
    }

    @Test
    void aBugIsNot() {
        assertThat(StorageErrorHandling.isInfrastructureFailure(new ListenerExecutionFailedException("x",
                new NullPointerException("oops")))).isFalse();
        assertThat(StorageErrorHandling.rootType(new ListenerExecutionFailedException("x",
                new IllegalStateException("https://cdn/x?sig=secret")))).isEqualTo("IllegalStateException");
    }

    @Test
    void theS3BackOffNeverGivesUpAndIsCapped() {
        BackOff backOff = StorageErrorHandling.infrastructureBackOff(Duration.ofMillis(100), Duration.ofSeconds(30));
        BackOffExecution execution = backOff.start();
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = execution.nextBackOff();
            assertThat(last).isNotEqualTo(BackOffExecution.STOP).isLessThanOrEqualTo(30_000);
        }
        assertThat(last).isGreaterThanOrEqualTo(15_000);
    }
}
