package dev.mediajobs.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class DataUrlTests {

    @Test
    void decodesABase64DataUrlWithParameters() throws Exception {
        byte[] bytes = {1, 2, 3, 4, 5};
        DataUrl url = DataUrl.parse("data:Image/PNG;name=a.png;base64," + Base64.getEncoder().encodeToString(bytes), 5);
        assertThat(url.contentType()).isEqualTo("image/png");
        assertThat(url.bytes()).isEqualTo(bytes);
        assertThat(DataUrl.isDataUrl("DATA:image/png;base64,AA==")).isTrue();
        assertThat(DataUrl.isDataUrl("https://x/data:")).isFalse();
    }

    @Test
    void refusesWhatCannotBeAnUploadWithAReason() {
        assertThat(refusal("data:image/png,not-base64").getMessage()).contains("base64");
        assertThat(refusal("data:image/png;base64").getMessage()).contains("comma");
        assertThat(refusal("data:text/html;base64,PGgxPg==").getMessage()).contains("text/html", "image/png");
        assertThat(refusal("data:image/png;base64,@@@@").getMessage()).contains("not valid base64");
        assertThat(refusal("data:image/png;base64,").getMessage()).contains("empty");
    }

    @Test
    void theSizeLimitIsCheckedBeforeDecodingAndExactlyAfter() throws Exception {
        String six = Base64.getEncoder().encodeToString(new byte[6]);   // 8 characters, no padding
        String four = Base64.getEncoder().encodeToString(new byte[4]);  // 8 characters, "==" padding
        assertThat(DataUrl.parse("data:image/png;base64," + four, 4).bytes()).hasSize(4);
        DataUrl.InvalidDataUrlException tooLarge = refusal("data:image/png;base64," + six, 5);
        assertThat(tooLarge.tooLarge()).isTrue();
        assertThat(tooLarge.getMessage()).contains("at most 5 bytes", "POST /v1/uploads");
        assertThat(refusal("data:image/png;base64," + "A".repeat(4_000_000), 1000).tooLarge()).isTrue();
    }

    private static DataUrl.InvalidDataUrlException refusal(String url) {
        return refusal(url, 1024);
    }

    private static DataUrl.InvalidDataUrlException refusal(String url, long max) {
        return catchThrowableOfType(DataUrl.InvalidDataUrlException.class, () -> DataUrl.parse(url, max));
    }
}
