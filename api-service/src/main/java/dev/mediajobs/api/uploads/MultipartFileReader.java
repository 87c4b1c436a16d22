package dev.mediajobs.api.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one named file field in a {@code multipart/form-data} body and hands its content out as a stream, reading
 * the request as it goes. The servlet container's multipart support would first spool the whole part (to memory or a
 * temporary file, with its own size limits and 413 semantics); this reads it once, straight into S3.
 */
final class MultipartFileReader {

    /** One part: its declared content type (may be null) and a stream that ends where the part ends. */
    record FilePart(String contentType, String fileName, InputStream content) {
    }

    /** The body is not the multipart/form-data it claims to be. */
    static final class MalformedMultipartException extends IOException {
        MalformedMultipartException(String message) {
            super(message);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i)(?:^|;)\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?i)(?:^|;)\\s*filename=\"([^\"]*)\"");
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final int MAX_PARTS = 32;

    private MultipartFileReader() {
    }

    /** The boundary parameter of a multipart Content-Type, if it has a usable one. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(2) != null ? m.group(2) : m.group(3));
    }

    /**
     * Skips parts until the one named {@code field}; the returned stream reads that part's content from the request.
     *
     * @return empty when the body holds no such field
     */
    static Optional<FilePart> find(InputStream body, String boundary, String field) throws IOException {
        BoundedPartStream stream = new BoundedPartStream(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        // the first delimiter has no CRLF before it when there is no preamble: pretend there was one
        stream.prepend("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        stream.drain(); // the preamble
        for (int part = 0; part < MAX_PARTS; part++) {
            if (!stream.nextPart()) {
                return Optional.empty();
            }
            String headers = stream.readHeaders(MAX_HEADER_BYTES);
            String disposition = header(headers, "content-disposition");
            String name = disposition == null ? null : group(NAME, disposition);
            if (field.equals(name)) {
                return Optional.of(new FilePart(header(headers, "content-type"),
                        group(FILE_NAME, disposition), stream));
            }
            stream.drain();
        }
        throw new MalformedMultipartException("more than " + MAX_PARTS + " parts before the '" + field + "' field");
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String group(Pattern pattern, String value) {
        Matcher m = pattern.matcher(value);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Reads the body up to the next delimiter ({@code CRLF--boundary}) and reports end of stream there; {@link
     * #nextPart()} then steps over the delimiter. Holds one buffer, never a whole part.
     */
    static final class BoundedPartStream extends InputStream {

        private static final int BUFFER = 64 * 1024;

        private final InputStream in;
        private final byte[] delimiter;
        private final byte[] buf = new byte[BUFFER];
        private int start;
        private int end;
        private boolean eof;
        /** Position of the delimiter in buf once found, else -1. */
        private int delimiterAt = -1;
        /** No delimiter starts in buf before this position: each byte is searched once, not on every read. */
        private int searchedTo;

        BoundedPartStream(InputStream in, byte[] delimiter) {
            this.in = in;
            this.delimiter = delimiter;
        }

        void prepend(byte[] bytes) {
            System.arraycopy(bytes, 0, buf, end, bytes.length);
            end += bytes.length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (delimiterAt < 0) {
                    delimiterAt = indexOf(buf, Math.max(start, searchedTo), end, delimiter);
                    searchedTo = delimiterAt >= 0 ? delimiterAt : Math.max(start, end - (delimiter.length - 1));
                }
                int available = delimiterAt >= 0 ? delimiterAt - start
                        // bytes that may be the beginning of a delimiter stay until more arrives
                        : Math.max(0, end - start - (delimiter.length - 1));
                if (available > 0) {
                    int n = Math.min(available, len);
                    System.arraycopy(buf, start, b, off, n);
                    start += n;
                    return n;
                }
                if (delimiterAt >= 0) {
                    return -1;
                }
                if (eof) {
                    throw new MalformedMultipartException("the multipart body ends before its closing boundary");
                }
                fill();
            }
        }

        /** Reads and discards the rest of the current part. */
        void drain() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }

        /**
         * Steps over the delimiter the current part ended at.
         *
         * @return false after the closing delimiter ({@code --boundary--})
         */
        boolean nextPart() throws IOException {
            if (delimiterAt < 0 || delimiterAt != start) {
                throw new IllegalStateException("the current part has not been read to its end");
            }
            start += delimiter.length;
            delimiterAt = -1;
            searchedTo = start;
            require(2);
            if (buf[start] == '-' && buf[start + 1] == '-') {
                return false;
            }
            // transport padding (spaces, tabs) may follow the boundary before its CRLF
            while (true) {
                require(2);
                if (buf[start] == '\r' && buf[start + 1] == '\n') {
                    start += 2;
                    return true;
                }
                if (buf[start] != ' ' && buf[start] != '\t') {
                    throw new MalformedMultipartException("a multipart boundary is not followed by a line break");
                }
                start++;
            }
        }

        /** The header block of a part (without the blank line ending it), as ISO-8859-1 text. */
        String readHeaders(int maxBytes) throws IOException {
            byte[] blankLine = {'\r', '\n', '\r', '\n'};
            // a part without headers starts with the blank line's second CRLF straight away
            require(2);
            if (buf[start] == '\r' && buf[start + 1] == '\n') {
                start += 2;
                return "";
            }
            while (true) {
                int at = indexOf(buf, start, end, blankLine);
                if (at >= 0) {
                    String headers = new String(buf, start, at - start, StandardCharsets.ISO_8859_1);
                    start = at + blankLine.length;
                    return headers;
                }
                if (end - start > maxBytes) {
                    throw new MalformedMultipartException("the headers of a multipart part exceed " + maxBytes + " bytes");
                }
                if (eof) {
                    throw new MalformedMultipartException("the multipart body ends inside the headers of a part");
                }
                fill();
            }
        }

        private void require(int bytes) throws IOException {
            while (end - start < bytes) {
                if (eof) {
                    throw new MalformedMultipartException("the multipart body ends after a boundary");
                }
                fill();
            }
        }

        /** Moves the unread bytes to the front and reads more; sets eof at the end of the body. */
        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                if (delimiterAt >= 0) {
                    delimiterAt -= start;
                }
                searchedTo = Math.max(0, searchedTo - start);
                start = 0;
            }
            if (end == buf.length) {
                throw new IllegalStateException("multipart buffer full"); // headers are capped far below the buffer
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }

        static int indexOf(byte[] data, int from, int to, byte[] pattern) {
            outer:
            for (int i = from; i <= to - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
