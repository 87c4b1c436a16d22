package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LenientTaskStatusTests {

    private final ProviderHttp http = new ProviderHttp("acme", Duration.ofSeconds(1), Duration.ofSeconds(1));
    private final LenientTaskStatus status = new LenientTaskStatus("acme", List.of("video_url", "videos"));

    @Test
    void readsTheUsualStatusWords() throws ProviderException {
        assertThat(read("{\"status\":\"QUEUED\"}").status()).isEqualTo(PollResult.Status.PENDING);
        assertThat(read("{\"state\":\"in_progress\",\"progress\":41.6}").progress()).isEqualTo(42);
        assertThat(read("{\"status\":\"processing\",\"progress\":250}").progress()).isEqualTo(100);
        assertThat(read("{\"status\":\"running\"}").progress()).isNull();
    }

    @Test
    void successCollectsEveryHttpUrlOnceFromTheNamedFields() throws ProviderException {
        PollResult done = status.read(json("{\"status\":\"succeeded\",\"video_url\":\"https://a.test/1.mp4\","
                + "\"videos\":[\"https://a.test/1.mp4\",{\"url\":\"http://a.test/2.mp4\"},\"ftp://a.test/3.mp4\"],"
                + "\"url\":\"https://ignored.test/x\"}"), http, Map.of("usage", Map.of("videos", 1)));
        assertThat(done.assets()).extracting(ProviderAsset::url).containsExactly("https://a.test/1.mp4", "http://a.test/2.mp4");
        assertThat(done.result()).containsKey("usage");
    }

    @Test
    void failureTakesTheProvidersReasonAndCancelIsCanceled() throws ProviderException {
        PollResult failed = read("{\"status\":\"failed\",\"error\":{\"message\":\"nsfw\"}}");
        assertThat(failed.failure().code()).isEqualTo(ErrorCodes.PROVIDER_TASK_FAILED);
        assertThat(failed.failure().message()).isEqualTo("nsfw");
        assertThat(failed.failure().provider()).isEqualTo("acme");
        assertThat(read("{\"status\":\"error\",\"failure_reason\":\"timeout\"}").failure().message()).isEqualTo("timeout");
        assertThat(read("{\"status\":\"failed\"}").failure().message()).contains("acme", "failed");
        assertThat(read("{\"status\":\"cancelled\"}").failure().code()).isEqualTo(ErrorCodes.CANCELED);
    }

    @Test
    void whatCannotBePlacedIsMalformed() {
        for (String answer : List.of("{}", "{\"status\":\"exploded\"}", "{\"status\":[1]}", "{\"status\":\"done\"}", "[]")) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> read(answer));
            assertThat(e.kind()).as(answer).isEqualTo(ProviderException.Kind.MALFORMED_RESPONSE);
        }
    }

    @Test
    void statusAloneIsOptional() {
        assertThat(status.status(json("{\"status\":\"completed\"}"))).contains(PollResult.Status.SUCCEEDED);
        assertThat(status.status(json("{\"error\":\"nope\"}"))).isEmpty();
    }

    private PollResult read(String answer) throws ProviderException {
        return status.read(json(answer), http, Map.of());
    }

    private static JsonNode json(String text) {
        return JsonCodec.mapper().readTree(text);
    }
}
