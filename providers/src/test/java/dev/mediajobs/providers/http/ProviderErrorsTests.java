package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProviderErrorsTests {

    private static final ProviderCredentials CREDENTIALS = new ProviderCredentials("default", "secret-key-1");

    @Test
    void theKeyIsReplacedAndEverythingElseKept() {
        ProviderException echoed = new ProviderException(Kind.AUTH, "acme", 401, "bad key secret-key-1", Duration.ofSeconds(3));
        ProviderException clean = ProviderErrors.withoutKey(echoed, CREDENTIALS);
        assertThat(clean.getMessage()).isEqualTo("bad key ***");
        assertThat(clean.kind()).isEqualTo(Kind.AUTH);
        assertThat(clean.httpStatus()).isEqualTo(401);
        assertThat(clean.retryAfter()).isEqualTo(Duration.ofSeconds(3));

        ProviderException unrelated = new ProviderException(Kind.AUTH, "acme", 401, "bad key", null);
        assertThat(ProviderErrors.withoutKey(unrelated, CREDENTIALS)).isSameAs(unrelated);
    }

    @Test
    void onlyARateLimitWithoutRetryAfterGetsTheFallbackWait() {
        ProviderException bare = new ProviderException(Kind.RATE_LIMITED, "acme", 429, "slow down", null);
        assertThat(ProviderErrors.withRetryAfterWhenAbsent(bare, Duration.ofSeconds(60)).retryAfter()).isEqualTo(Duration.ofSeconds(60));

        ProviderException timed = new ProviderException(Kind.RATE_LIMITED, "acme", 429, "slow down", Duration.ofSeconds(5));
        assertThat(ProviderErrors.withRetryAfterWhenAbsent(timed, Duration.ofSeconds(60))).isSameAs(timed);
        ProviderException down = new ProviderException(Kind.TRANSIENT, "acme", 503, "down", null);
        assertThat(ProviderErrors.withRetryAfterWhenAbsent(down, Duration.ofSeconds(60))).isSameAs(down);
    }

    @Test
    void anUnusableKeyIsAuth() throws ProviderException {
        assertThat(ProviderErrors.usableKey("acme", CREDENTIALS)).isEqualTo("secret-key-1");
        for (String key : Arrays.asList(null, "", " ", "line\nbreak", "del\u007f")) {
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> ProviderErrors.usableKey("acme", new ProviderCredentials("default", key)));
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
        }
        assertThat(catchThrowableOfType(ProviderException.class, () -> ProviderErrors.usableKey("acme", null)).kind()).isEqualTo(Kind.AUTH);
    }
}
