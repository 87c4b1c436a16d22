package dev.mediajobs.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFileReaderTests {

    private static final String BOUNDARY = "----form-7MA4YWxkTrZu0gW";

    @Test
    void findsTheFileFieldAfterOtherPartsAndStreamsItsExactBytes() throws IOException {
        byte[] file = random(200_000);
        // bytes that begin like the delimiter but are not it, also right at the end of the content
        byte[] almost = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(almost, 0, file, 70_000, almost.length);
        System.arraycopy(almost, 0, file, file.length - almost.length, almost.length);
        byte[] body = body("preamble\r\n",
                part("form-data; name=\"title\"", null, "hello".getBytes(StandardCharsets.UTF_8)),
                part("form-data; name=\"file\"; filename=\"cat.png\"", "image/png", file));

        for (InputStream in : new InputStream[] {new ByteArrayInputStream(body), new Trickle(body, 1), new Trickle(body, 7)}) {
            MultipartFileReader.FilePart part = MultipartFileReader.find(in, BOUNDARY, "file").orElseThrow();
            assertThat(part.contentType()).isEqualTo("image/png");
            assertThat(part.fileName()).isEqualTo("cat.png");
            assertThat(part.content().readAllBytes()).isEqualTo(file);
        }
    }

    @Test
    void aMissingFieldIsEmptyAndABrokenBodyIsMalformed() throws IOException {
        byte[] body = body("", part("form-data; name=\"other\"", null, random(100)));
        assertThat(MultipartFileReader.find(new ByteArrayInputStream(body), BOUNDARY, "file")).isEmpty();

        byte[] truncated = java.util.Arrays.copyOf(body(part("form-data; name=\"file\"", "image/png", random(1000))), 600);
        Optional<MultipartFileReader.FilePart> part = MultipartFileReader.find(new ByteArrayInputStream(truncated), BOUNDARY, "file");
        assertThatThrownBy(() -> part.orElseThrow().content().readAllBytes())
                .isInstanceOf(MultipartFileReader.MalformedMultipartException.class).hasMessageContaining("closing boundary");

        assertThatThrownBy(() -> MultipartFileReader.find(new ByteArrayInputStream("no boundary at all".getBytes()), BOUNDARY, "file"))
                .isInstanceOf(MultipartFileReader.MalformedMultipartException.class);
        byte[] endlessHeaders = ("--" + BOUNDARY + "\r\nX: " + "y".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> MultipartFileReader.find(new ByteArrayInputStream(endlessHeaders), BOUNDARY, "file"))
                .isInstanceOf(MultipartFileReader.MalformedMultipartException.class).hasMessageContaining("headers");
    }

    @Test
    void theBoundaryComesFromTheContentTypeQuotedOrNot() {
        assertThat(MultipartFileReader.boundary("multipart/form-data; boundary=abc")).contains("abc");
        assertThat(MultipartFileReader.boundary("multipart/form-data; charset=utf-8; boundary=\"a b;c\"")).contains("a b;c");
        assertThat(MultipartFileReader.boundary("multipart/form-data")).isEmpty();
        assertThat(MultipartFileReader.boundary(null)).isEmpty();
    }

    private static String part(String disposition, String type, byte[] content) {
        StringBuilder sb = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n");
        if (type != null) {
            sb.append("Content-Type: ").append(type).append("\r\n");
        }
        return sb.append("\r\n").append(new String(content, StandardCharsets.ISO_8859_1)).append("\r\n").toString();
    }

    private static byte[] body(String... pieces) {
        return (String.join("", pieces) + "--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Hands out at most {@code step} bytes per read, as a slow network does. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int step;
        private int pos;

        Trickle(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
