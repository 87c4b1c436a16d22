package dev.mediajobs.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.api.config.ApiProperties;
import dev.mediajobs.common.Hashing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantKeysTests {

    private static ApiProperties.Tenant tenant(String... hashes) {
        ApiProperties.Tenant t = new ApiProperties.Tenant();
        t.setKeySha256(List.of(hashes));
        return t;
    }

    @Test
    void findsTheTenantOfAKeyByItsDigest() {
        Map<String, ApiProperties.Tenant> tenants = new LinkedHashMap<>();
        tenants.put("acme", tenant(Hashing.sha256Hex("acme-key-1"), Hashing.sha256Hex("acme-key-2").toUpperCase(Locale.ROOT)));
        tenants.put("globex", tenant(" " + Hashing.sha256Hex("globex-key") + " "));
        TenantKeys keys = TenantKeys.from(tenants);

        assertThat(keys.authenticate("acme-key-1")).contains("acme");
        assertThat(keys.authenticate("acme-key-2")).contains("acme");
        assertThat(keys.authenticate("globex-key")).contains("globex");
        assertThat(keys.authenticate("acme-key-3")).isEmpty();
        assertThat(keys.authenticate(Hashing.sha256Hex("acme-key-1"))).as("the digest itself is not a key").isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void rejectsAValueThatIsNotADigestWithoutPrintingIt() {
        assertThatThrownBy(() -> TenantKeys.from(Map.of("acme", tenant("sk-live-secret-key"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mediajobs.api.tenants.acme.key-sha256[0]")
                .hasMessageNotContaining("sk-live-secret-key");
    }

    @Test
    void rejectsOneKeyForTwoTenantsAndBadTenantNames() {
        String digest = Hashing.sha256Hex("shared");
        Map<String, ApiProperties.Tenant> tenants = new LinkedHashMap<>();
        tenants.put("a", tenant(digest));
        tenants.put("b", tenant(digest));
        assertThatThrownBy(() -> TenantKeys.from(tenants)).hasMessageContaining("exactly one tenant");
        assertThatThrownBy(() -> TenantKeys.from(Map.of("bad tenant", tenant(digest)))).hasMessageContaining("tenant name");
    }

    @Test
    void noTenantsMeansNobodyGetsIn() {
        TenantKeys keys = TenantKeys.from(Map.of());
        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.authenticate("anything")).isEmpty();
    }

    @Test
    void parsesBearerTokensAndKnowsThePublicPaths() {
        assertThat(ApiKeyAuthFilter.bearerToken("Bearer abc")).contains("abc");
        assertThat(ApiKeyAuthFilter.bearerToken("bearer  abc ")).contains("abc");
        assertThat(ApiKeyAuthFilter.bearerToken("Basic abc")).isEmpty();
        assertThat(ApiKeyAuthFilter.bearerToken("Bearer ")).isEmpty();
        assertThat(ApiKeyAuthFilter.bearerToken(null)).isEmpty();

        assertThat(ApiKeyAuthFilter.isPublic("/actuator/health")).isTrue();
        assertThat(ApiKeyAuthFilter.isPublic("/v1/openapi.yaml")).isTrue();
        assertThat(ApiKeyAuthFilter.isPublic("/v1/jobs")).isFalse();
        assertThat(ApiKeyAuthFilter.isPublic("/actuatorx")).isFalse();
        assertThat(ApiKeyAuthFilter.isPublic("/anything-else")).isFalse();
    }
}
