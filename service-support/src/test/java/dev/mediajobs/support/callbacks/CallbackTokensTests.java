package dev.mediajobs.support.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackTokensTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static CallbackTokens tokens(String base, String secret) {
        CallbackProperties p = new CallbackProperties();
        p.setPublicBaseUrl(base);
        p.setSecret(secret);
        return new CallbackTokens(p);
    }

    @Test
    void aCallbackUrlCarriesAToken() {
        CallbackTokens tokens = tokens("https://media.example.com/", SECRET);

        String url = tokens.callbackUrl("job-1").orElseThrow();

        assertThat(url).startsWith("https://media.example.com/v1/callbacks/job-1/");
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.verify("job-1", token)).isTrue();
    }

    @Test
    void aTokenIsValidForItsJobAndSecretOnly() {
        CallbackTokens tokens = tokens("https://media.example.com", SECRET);
        String token = tokens.token("job-1");

        assertThat(tokens.verify("job-2", token)).isFalse();
        assertThat(tokens.verify("job-1", token.substring(1))).isFalse();
        assertThat(tokens.verify("job-1", null)).isFalse();
        assertThat(tokens("https://media.example.com", SECRET.replace('0', '1')).verify("job-1", token)).isFalse();
    }

    @Test
    void withoutAPublicBaseUrlNoCallbackUrlIsHandedOutAndNoneIsAccepted() {
        CallbackTokens off = tokens("", "");

        assertThat(off.enabled()).isFalse();
        assertThat(off.callbackUrl("job-1")).isEmpty();
        assertThat(off.verify("job-1", tokens("https://x", SECRET).token("job-1"))).isFalse();
    }

    @Test
    void aShortSecretIsRefusedAtStartWithTheSettingToFix() {
        assertThatThrownBy(() -> tokens("https://media.example.com", "short"))
                .hasMessageContaining("mediajobs.callbacks.secret")
                .hasMessageContaining("MEDIAJOBS_CALLBACKS_SECRET")
                .hasMessageNotContaining("short");
    }
}
