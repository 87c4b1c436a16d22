package dev.mediajobs.providers.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/form-data} body (RFC 7578) for providers that take files as form uploads, e.g. OpenAI's image
 * edits and Stability's image-to-video. Text fields and files in the order added; send it with
 * {@code .header("Content-Type", body.contentType()).POST(body.publisher())}.
 */
public final class MultipartBody {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};

    private final String boundary;
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

    private MultipartBody(String boundary) {
        this.boundary = boundary;
    }

    /** An empty body with a random boundary (random so that no file content can contain it by accident). */
    public static MultipartBody create() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return new MultipartBody("mediajobs-" + HexFormat.of().formatHex(random));
    }

    public MultipartBody field(String name, String value) {
        writeLine("--" + boundary);
        writeLine("Content-Disposition: form-data; name=\"" + quoted(name) + "\"");
        writeLine("");
        write(value.getBytes(StandardCharsets.UTF_8));
        write(CRLF);
        return this;
    }

    public MultipartBody file(String name, String filename, String contentType, byte[] content) {
        writeLine("--" + boundary);
        writeLine("Content-Disposition: form-data; name=\"" + quoted(name) + "\"; filename=\"" + quoted(filename) + "\"");
        writeLine("Content-Type: " + (contentType == null || contentType.isBlank() ? "application/octet-stream" : oneLine(contentType)));
        writeLine("");
        write(content);
        write(CRLF);
        return this;
    }

    /** The value of the request's Content-Type header, boundary included. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public String boundary() {
        return boundary;
    }

    /** The complete body, closing delimiter included. */
    public byte[] toByteArray() {
        ByteArrayOutputStream all = new ByteArrayOutputStream(parts.size() + boundary.length() + 8);
        all.writeBytes(parts.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return all.toByteArray();
    }

    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofByteArray(toByteArray());
    }

    private void writeLine(String line) {
        write(line.getBytes(StandardCharsets.UTF_8));
        write(CRLF);
    }

    private void write(byte[] bytes) {
        parts.writeBytes(bytes);
    }

    /** A name or filename inside a quoted header parameter: no line breaks (header injection), quotes escaped as RFC 7578 §2 suggests. */
    private static String quoted(String s) {
        return oneLine(s).replace("\"", "%22");
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace("\n", "");
    }
}
