package dev.mediajobs.providers.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict {@code multipart/form-data} reader for wire fakes (OpenAI edits, Stability image-to-video): it rejects a
 * body a real server would reject (no boundary, missing closing delimiter, a part without a name), so a fake built on
 * it proves the adapter's form, not just its intent.
 */
public final class MultipartForm {

    /** One part: a text field ({@code filename} null) or a file. */
    public record Part(String name, String filename, String contentType, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i)multipart/form-data;.*\\bboundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)\\bfilename=\"([^\"]*)\"");

    private final Map<String, Part> parts;

    private MultipartForm(Map<String, Part> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException when the body is no well-formed form of the given Content-Type */
    public static MultipartForm parse(String contentType, byte[] body) {
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !m.find()) {
            throw new IllegalArgumentException("Content-Type is not multipart/form-data with a boundary: " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at != 0) {
            throw new IllegalArgumentException("the body does not start with the boundary");
        }
        while (true) {
            int afterDelimiter = at + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return new MultipartForm(parts);
            }
            if (!startsWith(body, afterDelimiter, "\r\n")) {
                throw new IllegalArgumentException("a boundary is not followed by CRLF");
            }
            int next = indexOf(body, concat("\r\n".getBytes(StandardCharsets.US_ASCII), delimiter), afterDelimiter);
            if (next < 0) {
                throw new IllegalArgumentException("the form has no closing boundary");
            }
            Part part = part(Arrays.copyOfRange(body, afterDelimiter + 2, next));
            parts.put(part.name(), part);
            at = next + 2;
        }
    }

    public List<String> names() {
        return new ArrayList<>(parts.keySet());
    }

    public Optional<Part> part(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    public Optional<String> text(String name) {
        return part(name).filter(p -> p.filename() == null).map(Part::text);
    }

    private static Part part(byte[] raw) {
        int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (headerEnd < 0) {
            throw new IllegalArgumentException("a part has no header/body separator");
        }
        String headers = new String(raw, 0, headerEnd, StandardCharsets.UTF_8);
        String name = null;
        String filename = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-disposition:")) {
                if (!lower.contains("form-data")) {
                    throw new IllegalArgumentException("a part is not form-data: " + line);
                }
                name = group(NAME, line);
                filename = group(FILENAME, line);
            } else if (lower.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a part has no name");
        }
        return new Part(name, filename, contentType, Arrays.copyOfRange(raw, headerEnd + 4, raw.length));
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return at + t.length <= body.length && Arrays.equals(body, at, at + t.length, t, 0, t.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
