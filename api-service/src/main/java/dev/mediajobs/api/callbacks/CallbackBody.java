package dev.mediajobs.api.callbacks;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Reads a callback's body only to know its size and to finish the exchange cleanly; nothing in it is kept or believed.
 * A body above the limit is refused without reading it all: by its Content-Length when it states one, else as soon as
 * the bytes read cross the limit.
 */
final class CallbackBody {

    private static final int BUFFER = 8192;

    private CallbackBody() {
    }

    /** @return the body's size, or empty when it is larger than {@code maxBytes} */
    static OptionalLong drain(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return OptionalLong.empty();
        }
        try (InputStream in = request.getInputStream()) {
            return drain(in, maxBytes);
        }
    }

    static OptionalLong drain(InputStream in, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > maxBytes) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(total);
    }
}
