package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorEnvelopesTests {

    @Test
    void findsTheKindFromCodeThenGoogleStatusThenWording() {
        assertThat(kind("{\"code\":402,\"msg\":\"no money\"}")).contains(Kind.CREDITS);
        assertThat(kind("{\"code\":\"429\",\"message\":\"slow\"}")).contains(Kind.RATE_LIMITED);
        assertThat(kind("{\"error\":{\"code\":503,\"message\":\"down\"}}")).contains(Kind.TRANSIENT);
        assertThat(kind("{\"error\":{\"message\":\"x\",\"status\":\"UNAUTHENTICATED\"}}")).contains(Kind.AUTH);
        assertThat(kind("{\"error\":\"Insufficient credits\"}")).contains(Kind.CREDITS);
        assertThat(kind("{\"error\":\"rate limit reached\"}")).contains(Kind.RATE_LIMITED);
        assertThat(kind("{\"error\":\"prompt rejected\"}")).contains(Kind.INVALID_REQUEST);
    }

    @Test
    void successEnvelopesAndPlainAnswersAreNoErrors() {
        assertThat(kind("{\"code\":200,\"msg\":\"success\",\"data\":{}}")).isEmpty();
        assertThat(kind("{\"code\":0,\"task_id\":\"t\"}")).isEmpty();
        assertThat(kind("{\"task_id\":\"t\"}")).isEmpty();
        assertThat(kind("{\"error\":null}")).isEmpty();
        assertThat(kind("[1]")).isEmpty();
    }

    @Test
    void theMessageNamesTheProviderAndCarriesItsText() {
        ProviderException e = ErrorEnvelopes.in(JsonCodec.mapper().readTree("{\"code\":402,\"msg\":\"no money\"}"), "acme").orElseThrow();
        assertThat(e.provider()).isEqualTo("acme");
        assertThat(e.getMessage()).isEqualTo("acme reported an error 402: no money");
    }

    private static Optional<Kind> kind(String answer) {
        return ErrorEnvelopes.in(JsonCodec.mapper().readTree(answer), "acme").map(ProviderException::kind);
    }
}
