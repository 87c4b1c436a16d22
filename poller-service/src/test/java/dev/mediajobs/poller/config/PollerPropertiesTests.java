package dev.mediajobs.poller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.ObjectError;

class PollerPropertiesTests {

    @Test
    void theDefaultsAreValidAndAsDocumented() {
        PollerProperties p = new PollerProperties();

        assertThat(validate(p).hasErrors()).isFalse();
        assertThat(p.getTick()).isEqualTo(Duration.ofMillis(200));
        assertThat(p.getBatchSize()).isEqualTo(100);
        assertThat(p.getMaxConcurrentPolls()).isEqualTo(64);
        assertThat(p.getLease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.getMaxConsecutiveErrors()).isEqualTo(10);
        assertThat(p.getRebuildCheckInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesAreRejectedWithMessagesNamingTheProperty() {
        PollerProperties p = new PollerProperties();
        p.setBatchSize(0);
        p.setLease(Duration.ZERO);
        p.setMaxConcurrentPolls(-1);
        p.setBackoffInitial(Duration.ofMinutes(10));

        assertThat(validate(p).getAllErrors()).extracting(ObjectError::getDefaultMessage).containsExactlyInAnyOrder(
                "mediajobs.poller.batch-size must be 1-10000, was 0",
                "mediajobs.poller.lease must be a positive duration, was PT0S",
                "mediajobs.poller.max-concurrent-polls must be 1-100000, was -1",
                "mediajobs.poller.backoff-max (PT5M) must not be shorter than mediajobs.poller.backoff-initial (PT10M)");
    }

    private static Errors validate(PollerProperties p) {
        Errors errors = new BeanPropertyBindingResult(p, "mediajobs.poller");
        p.validate(p, errors);
        return errors;
    }
}
