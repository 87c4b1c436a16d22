package dev.mediajobs.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(42));

    @Test
    void ceilingDoublesPerAttemptUpToTheMaximum() {
        assertThat(backoff.ceilingMillis(1)).isEqualTo(500);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(1_000);
        assertThat(backoff.ceilingMillis(4)).isEqualTo(4_000);
        assertThat(backoff.ceilingMillis(7)).isEqualTo(30_000);
        assertThat(backoff.ceilingMillis(1_000)).isEqualTo(30_000);
    }

    @Test
    void fullJitterStaysBetweenZeroAndTheCeiling() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(attempt, null).toMillis()).isBetween(0L, backoff.ceilingMillis(attempt));
            }
        }
    }

    @Test
    void jitterSpreadsTheWaits() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delay(5, null).toMillis())
                .distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void providersRetryAfterWins() {
        assertThat(backoff.delay(1, Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(45));
        assertThat(backoff.delay(3, Duration.ZERO)).isEqualTo(Duration.ZERO);
    }
}
