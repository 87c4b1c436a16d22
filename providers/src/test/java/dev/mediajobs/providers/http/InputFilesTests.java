package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InputFilesTests {

    private static CannedHttpServer files;
    /** The fake listens on 127.0.0.1, which only an allow-list lets through. */
    private final InputFiles inputFiles = new InputFiles("acme", OutboundPolicy.allowing(List.of("127.0.0.1")),
            Duration.ofSeconds(2), Duration.ofSeconds(5));
    private final InputFiles strict = new InputFiles("acme", OutboundPolicy.strict(), Duration.ofSeconds(2), Duration.ofSeconds(5));

    @BeforeAll
    static void startFake() {
        files = CannedHttpServer.start();
    }

    @AfterAll
    static void stopFake() {
        files.close();
    }

    @Test
    void fetchesTheBytesAndTheirTypeWithoutAnyProviderHeader() throws ProviderException {
        String base = files.baseUrlAnswering("png", new CannedResponse(200, Map.of("Content-Type", "image/png"), new byte[] {1, 2, 3}));

        InputFiles.InputFile file = inputFiles.fetch(base + "/in.png?X-Amz-Signature=secret", 3);

        assertThat(file.bytes()).containsExactly(1, 2, 3);
        assertThat(file.contentType()).isEqualTo("image/png");
        assertThat(files.requests("png").getLast().header("Authorization")).isNull();
    }

    @Test
    void aFileLargerThanAllowedIsInvalidWhetherDeclaredOrNot() {
        String base = files.baseUrlAnswering("big", new CannedResponse(200, Map.of(), new byte[11]));
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch(base + "/big.png", 10));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("larger than");
    }

    @Test
    void missingFilesAreInvalidAndBrokenHostsTransientWithoutTheQueryInTheMessage() {
        String gone = files.baseUrlAnswering("gone", CannedResponse.text(404, "no such key"));
        ProviderException notFound = catchThrowableOfType(ProviderException.class,
                () -> inputFiles.fetch(gone + "/x.png?X-Amz-Signature=secret", 10));
        assertThat(notFound.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(notFound.getMessage()).contains("/gone/x.png").doesNotContain("secret");

        String down = files.baseUrlAnswering("down", CannedResponse.text(503, "busy"));
        assertThat(catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch(down + "/x.png", 10)).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch("http://127.0.0.1:9/x.png", 10)).kind())
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void emptyFilesAndNonHttpUrlsAreInvalid() {
        String empty = files.baseUrlAnswering("empty", new CannedResponse(200, Map.of(), new byte[0]));
        assertThat(catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch(empty + "/e.png", 10)).kind())
                .isEqualTo(Kind.INVALID_REQUEST);
        assertThat(catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch("file:///etc/passwd", 10)).kind())
                .isEqualTo(Kind.INVALID_REQUEST);
    }

    @Test
    void theSsrfGuardRefusesPrivateAddressesBeforeAnythingIsSent() {
        String base = files.baseUrlAnswering("guarded", new CannedResponse(200, Map.of(), new byte[] {1}));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> strict.fetch("input.imageUrls[0]", base + "/in.png?X-Amz-Signature=secret", 10));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).isEqualTo("input.imageUrls[0]: host 127.0.0.1 is a loopback address; "
                + "mediajobs only calls public addresses (allow-list: mediajobs.outbound.allow-list)");
        assertThat(files.requests("guarded")).isEmpty();
        for (String hostile : List.of("http://169.254.169.254/latest/meta-data/", "http://[::ffff:10.0.0.1]/a.png",
                "http://0177.0.0.1/a.png", "http://2130706433/a.png", "http://user@93.184.215.14/a.png")) {
            ProviderException refused = catchThrowableOfType(ProviderException.class, () -> strict.fetch(hostile, 10));
            assertThat(refused.kind()).as(hostile).isEqualTo(Kind.INVALID_REQUEST);
            assertThat(refused.getMessage()).as(hostile).startsWith("the input file URL: ");
        }
    }

    @Test
    void redirectsAreFollowedAndEachTargetIsGuarded() throws ProviderException {
        String target = files.baseUrlAnswering("target", new CannedResponse(200, Map.of("Content-Type", "image/png"), new byte[] {7}));
        String moved = files.baseUrlAnswering("moved", new CannedResponse(302, Map.of("Location", target + "/in.png"), new byte[0]));
        assertThat(inputFiles.fetch(moved + "/in.png", 10).bytes()).containsExactly(7);

        String inside = files.baseUrlAnswering("to-inside",
                new CannedResponse(302, Map.of("Location", "http://10.0.0.5/in.png?sig=secret"), new byte[0]));
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch("input.imageUrls[1]", inside + "/x", 10));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith("input.imageUrls[1] (redirected to http://10.0.0.5/in.png): host 10.0.0.5 is a private address")
                .doesNotContain("secret");
    }

    @Test
    void aRedirectLoopEndsAfterFiveHopsAsTheCallersProblem() {
        String loop = files.baseUrlAnswering("loop", request -> new CannedResponse(302,
                Map.of("Location", files.baseUrl() + "/loop/again"), new byte[0]));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> inputFiles.fetch(loop + "/start", 10));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("answered HTTP 302");
        assertThat(files.requests("loop")).hasSize(1 + InputFiles.MAX_REDIRECTS);
    }
}
