package dev.mediajobs.api.uploads;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes at most {@code maxBytes} through and fails the read that would go beyond, so a body without a
 * Content-Length (chunked, or a multipart part) cannot grow an upload past the limit. {@link #exceeded()} tells the
 * caller afterwards, because the S3 client may wrap the exception on its way out.
 */
final class SizeLimitedInputStream extends FilterInputStream {

    /** The limit was crossed; the upload is refused with 413. */
    static final class TooLargeException extends IOException {
        TooLargeException(long maxBytes) {
            super("more than " + maxBytes + " bytes");
        }
    }

    private final long maxBytes;
    private long count;
    private volatile boolean exceeded;
    private volatile IOException sourceFailure;

    SizeLimitedInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (exceeded) {
            throw new TooLargeException(maxBytes);
        }
        if (len == 0) {
            return 0;
        }
        // read one byte beyond the limit at most: enough to know that it was crossed (count <= maxBytes here)
        int allowed = (int) Math.min(len, maxBytes - count + 1);
        int n;
        try {
            n = in.read(b, off, allowed);
        } catch (IOException e) {
            // the client's body failed (disconnect, malformed multipart), not S3: remembered for the answer
            sourceFailure = e;
            throw e;
        }
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                exceeded = true;
                throw new TooLargeException(maxBytes);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    boolean exceeded() {
        return exceeded;
    }

    /** The exception reading the underlying body raised, or null. */
    IOException sourceFailure() {
        return sourceFailure;
    }
}
