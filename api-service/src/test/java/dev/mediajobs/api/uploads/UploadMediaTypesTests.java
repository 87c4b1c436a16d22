package dev.mediajobs.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadMediaTypesTests {

    private static final Map<String, byte[]> SAMPLES = Map.of(
            "image/png", bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13),
            "image/jpeg", bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0x10),
            "image/gif", "GIF87a\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1),
            "image/webp", "RIFF\u0010\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1),
            "video/mp4", bytes(0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'),
            "video/webm", bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86),
            "video/quicktime", bytes(0, 0, 0, 0x08, 'w', 'i', 'd', 'e', 0, 0, 0, 0));

    @Test
    void eachTypeRecognisesItsOwnMagicBytesAndNoOtherImageType() {
        SAMPLES.forEach((type, head) -> {
            assertThat(UploadMediaTypes.matches(type, head)).as(type).isTrue();
            SAMPLES.forEach((other, otherHead) -> {
                boolean isoFamily = type.startsWith("video/mp4") || type.equals("video/quicktime");
                boolean otherIso = other.equals("video/mp4") || other.equals("video/quicktime");
                if (!other.equals(type) && !(isoFamily && otherIso)) {
                    assertThat(UploadMediaTypes.matches(type, otherHead)).as(type + " given " + other).isFalse();
                }
            });
        });
        assertThat(UploadMediaTypes.matches("video/quicktime", SAMPLES.get("video/mp4"))).as("ftyp .mov").isTrue();
    }

    @Test
    void shortOrEmptyBodiesMatchNothing() {
        assertThat(UploadMediaTypes.matches("image/png", new byte[0])).isFalse();
        assertThat(UploadMediaTypes.matches("image/png", Arrays.copyOf(SAMPLES.get("image/png"), 4))).isFalse();
        assertThat(UploadMediaTypes.detect("<html>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(UploadMediaTypes.detect(SAMPLES.get("image/jpeg"))).contains("image/jpeg");
    }

    @Test
    void typesAreNormalizedAndOnlyTheListedOnesAccepted() {
        assertThat(UploadMediaTypes.normalize(" Image/PNG ; charset=x")).isEqualTo("image/png");
        assertThat(UploadMediaTypes.normalize("")).isNull();
        assertThat(UploadMediaTypes.isSupported("image/svg+xml")).isFalse();
        assertThat(UploadMediaTypes.isSupported("application/octet-stream")).isFalse();
        assertThat(UploadMediaTypes.extension("video/quicktime")).isEqualTo("mov");
        assertThat(UploadMediaTypes.extension("image/jpeg")).isEqualTo("jpg");
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
