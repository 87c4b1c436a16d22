package dev.mediajobs.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.messages.LifecycleRule;
import io.minio.messages.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AssetRetentionTests {

    @Test
    void theRetentionIsRoundedUpToWholeDaysSoNothingGoesEarly() {
        assertThat(AssetRetention.expirationDays(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(AssetRetention.expirationDays(Duration.ofHours(24))).isEqualTo(1);
        assertThat(AssetRetention.expirationDays(Duration.ofHours(25))).isEqualTo(2);
        assertThat(AssetRetention.expirationDays(Duration.ofDays(90))).isEqualTo(90);
        assertThat(AssetRetention.expirationDays(Duration.ofDays(90).plusSeconds(1))).isEqualTo(91);
    }

    @Test
    void theRuleExpiresTheTenantsPrefixOnly() {
        LifecycleRule rule = new AssetRetention(Duration.ofDays(30)).rule();

        assertThat(rule.id()).isEqualTo("mediajobs-asset-retention");
        assertThat(rule.status()).isEqualTo(Status.ENABLED);
        assertThat(rule.filter().prefix()).isEqualTo("tenants/");
        assertThat(rule.expiration().days()).isEqualTo(30);
        assertThat(rule.expiration().date()).isNull();
    }

    @Test
    void withoutRetentionThereIsNoRule() {
        assertThat(AssetRetention.keepForever().rule()).isNull();
        assertThatThrownBy(() -> new AssetRetention(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
