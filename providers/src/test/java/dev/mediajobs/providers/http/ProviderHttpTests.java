package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ProviderHttpTests {

    private static CannedHttpServer fake;
    private final ProviderHttp http = new ProviderHttp("acme", Duration.ofSeconds(2), Duration.ofSeconds(5));

    @BeforeAll
    static void startFake() {
        fake = CannedHttpServer.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    // ---------------------------------------------------------------------------------------- Retry-After

    @ParameterizedTest
    @CsvSource({"0, 0", "7, 7", "' 30 ', 30", "120, 120", "-5, 0"})
    void retryAfterInDeltaSeconds(String header, long seconds) {
        assertThat(ProviderHttp.parseRetryAfter(header)).contains(Duration.ofSeconds(seconds));
    }

    @Test
    void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
        assertThat(ProviderHttp.parseRetryAfter(inTwoMinutes)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120)));
    }

    @Test
    void retryAfterInThePastIsZero() {
        assertThat(ProviderHttp.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "1.5", "Tomorrow, 12:00", "99999999999999999999"})
    void anUnreadableRetryAfterIsAbsent(String header) {
        assertThat(ProviderHttp.parseRetryAfter(header)).isEmpty();
    }

    @Test
    void retryAfterIsReadFromTheResponseHeader() throws ProviderException {
        assertThat(ProviderHttp.retryAfter(get(CannedResponse.json(429, "{}").withHeader("Retry-After", "12"))))
                .contains(Duration.ofSeconds(12));
        assertThat(ProviderHttp.retryAfter(get(CannedResponse.json(429, "{}")))).isEqualTo(Optional.empty());
    }

    // ---------------------------------------------------------------------------------------- status mapping

    @ParameterizedTest
    @CsvSource({
            "400, INVALID_REQUEST", "409, INVALID_REQUEST", "413, INVALID_REQUEST", "415, INVALID_REQUEST", "422, INVALID_REQUEST",
            "401, AUTH", "403, AUTH",
            "402, CREDITS",
            "404, NOT_FOUND",
            "429, RATE_LIMITED",
            "408, TRANSIENT", "500, TRANSIENT", "502, TRANSIENT", "503, TRANSIENT", "504, TRANSIENT", "529, TRANSIENT",
            "302, MALFORMED_RESPONSE", "405, MALFORMED_RESPONSE", "418, MALFORMED_RESPONSE"})
    void statusCodesMapToKinds(int status, Kind kind) {
        assertThat(ProviderHttp.kindForStatus(status)).isEqualTo(kind);
    }

    @Test
    void anErrorAnswerBecomesAnExceptionWithStatusRetryAfterAndTheProvidersText() throws ProviderException {
        ProviderException e = http.errorFor(get(CannedResponse.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "7")));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.provider()).isEqualTo("acme");
        assertThat(e.getMessage()).isEqualTo("acme answered HTTP 429: {\"error\":\"slow down\"}");
    }

    @Test
    void aServerErrorIsTransientWithoutRetryAfter() throws ProviderException {
        ProviderException e = http.errorFor(get(CannedResponse.text(503, "")));
        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.retryAfter()).isNull();
        assertThat(e.getMessage()).endsWith("(empty)");
        assertThat(e.toJobError().retryable()).isTrue();
    }

    @Test
    void longErrorTextIsCutShort() throws ProviderException {
        ProviderException e = http.errorFor(get(CannedResponse.text(500, "x".repeat(5000))));
        assertThat(e.getMessage()).hasSizeLessThan(600).endsWith("…");
    }

    @Test
    void theMessageNeverCarriesTheRequestHeaders() throws ProviderException {
        String baseUrl = fake.baseUrlAnswering("headers", CannedResponse.text(401, "nope"));
        HttpResponse<byte[]> response = http.send(http.request(baseUrl, "/x").header("Authorization", "Bearer secret-123").GET().build());
        assertThat(http.errorFor(response).getMessage()).doesNotContain("secret-123");
    }

    // ---------------------------------------------------------------------------------------- sending and parsing

    @Test
    void sendForJsonParsesA2xxAnswer() throws ProviderException {
        String baseUrl = fake.baseUrlAnswering("ok", CannedResponse.json(200, "{\"id\":\"t-1\"}"));
        JsonNode node = http.sendForJson(http.request(baseUrl, "v1/tasks").GET().build());
        assertThat(ProviderHttp.text(node, "id")).isEqualTo("t-1");
        assertThat(fake.requests("ok").getLast().path()).isEqualTo("/v1/tasks");
    }

    @Test
    void sendForJsonMapsErrorsAndGarbage() {
        String failing = fake.baseUrlAnswering("failing", CannedResponse.json(401, "{}"));
        assertThat(catchThrowableOfType(ProviderException.class, () -> http.sendForJson(http.request(failing, "/").GET().build())).kind())
                .isEqualTo(Kind.AUTH);
        String garbage = fake.baseUrlAnswering("garbage", CannedResponse.text(200, "<html>"));
        assertThat(catchThrowableOfType(ProviderException.class, () -> http.sendForJson(http.request(garbage, "/").GET().build())).kind())
                .isEqualTo(Kind.MALFORMED_RESPONSE);
    }

    @Test
    void anEmptyOrNonJsonBodyIsMalformed() {
        for (String body : new String[] {"", "   ", "{\"unterminated\": ", "not json"}) {
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> http.parseJson(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(e.kind()).as("body '%s'", body).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(e.provider()).isEqualTo("acme");
        }
    }

    @Test
    void aConnectionFailureIsTransient() {
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> http.send(http.request("http://127.0.0.1:9", "/").GET().build()));
        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void textReadsScalarsOnly() {
        JsonNode node = JsonCodec.mapper().readTree("{\"s\":\"x\",\"n\":5,\"b\":true,\"nul\":null,\"o\":{\"a\":1},\"arr\":[1]}");
        assertThat(ProviderHttp.text(node, "s")).isEqualTo("x");
        assertThat(ProviderHttp.text(node, "n")).isEqualTo("5");
        assertThat(ProviderHttp.text(node, "b")).isEqualTo("true");
        assertThat(ProviderHttp.text(node, "nul")).isNull();
        assertThat(ProviderHttp.text(node, "missing")).isNull();
        assertThat(ProviderHttp.text(node, "o")).as("an object is no text, and must not throw").isNull();
        assertThat(ProviderHttp.text(node, "arr")).isNull();
    }

    @Test
    void joinPutsExactlyOneSlashBetweenBaseAndPath() {
        assertThat(ProviderHttp.join("http://h:1", "/v1/x")).isEqualTo("http://h:1/v1/x");
        assertThat(ProviderHttp.join("http://h:1/", "/v1/x")).isEqualTo("http://h:1/v1/x");
        assertThat(ProviderHttp.join("http://h:1/api", "v1/x")).isEqualTo("http://h:1/api/v1/x");
    }

    @Test
    void bearerIsAnAuthorizationHeader() {
        assertThat(ProviderHttp.bearer("k")).containsEntry("Authorization", "Bearer k");
    }

    private HttpResponse<byte[]> get(CannedResponse response) throws ProviderException {
        String scenario = "s" + System.nanoTime();
        return http.send(http.request(fake.baseUrlAnswering(scenario, response), "/").GET().build());
    }
}
