package dev.mediajobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdsTests {

    @Test
    void sameTenantAndKeyNameTheSameJob() {
        assertThat(JobIds.fromIdempotencyKey("acme", "order-1")).isEqualTo(JobIds.fromIdempotencyKey("acme", "order-1"));
    }

    @Test
    void tenantsAndKeysAreSeparated() {
        assertThat(JobIds.fromIdempotencyKey("acme", "order-1")).isNotEqualTo(JobIds.fromIdempotencyKey("other", "order-1"));
        assertThat(JobIds.fromIdempotencyKey("acme", "order-1")).isNotEqualTo(JobIds.fromIdempotencyKey("acme", "order-2"));
        // the separator keeps "a"+"b\nc" apart from "a\nb"+"c"
        assertThat(JobIds.fromIdempotencyKey("a", "b\nc")).isNotEqualTo(JobIds.fromIdempotencyKey("a\nb", "c"));
    }

    @Test
    void kafkaRequestIdsAndRestKeysNeverNameTheSameJob() {
        assertThat(JobIds.fromRequestId("acme", "k")).isNotEqualTo(JobIds.fromIdempotencyKey("acme", "k"));
        assertThat(JobIds.fromRequestId("acme", "k")).isEqualTo(JobIds.fromRequestId("acme", "k"));
    }

    @Test
    void nameBasedIdsAreVersion5Uuids() {
        UUID id = UUID.fromString(JobIds.fromIdempotencyKey("acme", "k"));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(JobIds.isValid(id.toString())).isTrue();
        assertThat(JobIds.isValid("not-a-uuid")).isFalse();
        assertThat(JobIds.fromRecordPosition("t", 1, 42)).isEqualTo(JobIds.fromRecordPosition("t", 1, 42));
    }
}
