package dev.mediajobs.api.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void followsThePublishedScheduleAndIsExhaustedAfterTheTenthFailure() {
        RetrySchedule schedule = new RetrySchedule(1.0);
        List<Duration> gaps = new ArrayList<>();
        for (int failures = 1; failures < 10; failures++) {
            gaps.add(Duration.between(T, schedule.next(failures, T, null).orElseThrow()));
        }

        assertThat(schedule.delayBefore(1)).isZero();
        assertThat(gaps).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
                Duration.ofHours(20), Duration.ofHours(24));
        assertThat(schedule.maxAttempts()).isEqualTo(10);
        assertThat(schedule.next(10, T, null)).isEmpty();
    }

    @Test
    void theScaleShrinksEveryDelayRoundingUp() {
        RetrySchedule schedule = new RetrySchedule(0.001);

        assertThat(schedule.delayBefore(2)).isEqualTo(Duration.ofMillis(5));
        assertThat(schedule.delayBefore(3)).isEqualTo(Duration.ofMillis(300));
        assertThat(schedule.delayBefore(10)).isEqualTo(Duration.ofMillis(86_400));
        assertThat(new RetrySchedule(0.0001).delayBefore(2)).as("0.5 ms rounds up, never down")
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void retryAfterPushesLaterButNeverEarlierAndIsNotScaled() {
        RetrySchedule schedule = new RetrySchedule(0.001);

        assertThat(schedule.next(1, T, Duration.ofSeconds(3))).contains(T.plusSeconds(3));
        assertThat(schedule.next(3, T, Duration.ofMillis(1))).as("the schedule's 1.8 s is later than 1 ms")
                .contains(T.plusMillis(1_800));
        assertThat(schedule.next(1, T, Duration.ZERO)).contains(T.plusMillis(5));
    }
}
