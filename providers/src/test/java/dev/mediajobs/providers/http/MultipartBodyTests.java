package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartBodyTests {

    @Test
    void fieldsAndFilesRoundTripInOrder() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
        MultipartBody body = MultipartBody.create()
                .file("image", "image.png", "image/png", png)
                .field("prompt", "a red kite, ünïcode")
                .field("n", "1");

        MultipartForm form = MultipartForm.parse(body.contentType(), body.toByteArray());

        assertThat(form.names()).containsExactly("image", "prompt", "n");
        assertThat(form.part("image")).hasValueSatisfying(p -> {
            assertThat(p.filename()).isEqualTo("image.png");
            assertThat(p.contentType()).isEqualTo("image/png");
            assertThat(p.content()).containsExactly(png);
        });
        assertThat(form.text("prompt")).contains("a red kite, ünïcode");
        assertThat(form.text("n")).contains("1");
    }

    @Test
    void eachBodyHasItsOwnBoundaryInTheContentType() {
        MultipartBody a = MultipartBody.create();
        MultipartBody b = MultipartBody.create();
        assertThat(a.boundary()).isNotEqualTo(b.boundary());
        assertThat(a.contentType()).isEqualTo("multipart/form-data; boundary=" + a.boundary());
        assertThat(new String(a.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("--" + a.boundary() + "--\r\n");
    }

    @Test
    void namesCannotBreakOutOfTheirHeader() {
        MultipartBody body = MultipartBody.create().field("evil\"\r\nX-Injected: 1", "v");
        String text = new String(body.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r\nX-Injected").contains("name=\"evil%22X-Injected: 1\"");
    }

    @Test
    void thePublisherSendsTheWholeBody() {
        MultipartBody body = MultipartBody.create().field("seed", "42");
        assertThat(body.publisher().contentLength()).isEqualTo(body.toByteArray().length);
    }
}
