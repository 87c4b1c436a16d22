package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.testing.CannedHttpServer;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InputFilesTests {

    private static CannedHttpServer files;
    private final InputFiles inputFiles = new InputFiles("acme", Duration.ofSeconds(2), Duration.ofSeconds(5));

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
}
