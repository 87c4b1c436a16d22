package dev.mediajobs.poller.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(42));

    @Test
    void delaysDoubleWithJitterInTheUpperHalfUntilTheCap() {
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            long ceiling = ceilings[attempt - 1];
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt).toMillis()).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            }
        }
        assertThat(backoff.delay(10_000).toMillis()).isBetween(15_000L, 30_000L);
    }

    @Test
    void jitterSpreadsDelays() {
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(3)).distinct().count()).isGreaterThan(10);
    }

    @Test
    void aRateLimitIsNeverRetriedBeforeRetryAfter() {
        for (int i = 0; i < 100; i++) {
            Duration wait = backoff.afterRateLimit(Duration.ofSeconds(7), 1);
            assertThat(wait).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7_700));
        }
        // a provider that keeps limiting is asked less and less often, even with a short Retry-After
        assertThat(backoff.afterRateLimit(Duration.ofSeconds(1), 6)).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.afterRateLimit(null, 1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void aDeferredPollNeverComesBackBeforeTheLimitersWaitAndIsSpreadByAtMostAQuarterSecond() {
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.afterLimiterWait(1_000).toMillis()).isBetween(1_000L, 1_100L);
            assertThat(backoff.afterLimiterWait(40_000).toMillis()).isBetween(40_000L, 40_250L);
        }
        assertThat(backoff.afterLimiterWait(5)).isEqualTo(Duration.ofMillis(5));
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.afterLimiterWait(2_000)).distinct().count())
                .as("deferred tasks do not all come back in the same millisecond").isGreaterThan(10);
    }

    @Test
    void rejectsAnImpossibleConfiguration() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
