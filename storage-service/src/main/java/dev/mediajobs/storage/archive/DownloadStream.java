package dev.mediajobs.storage.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The provider's response body as S3 reads it: counts bytes, remembers whether reading failed (so that a failure
 * surfacing from the S3 client can be blamed on the download rather than on S3), and can be expired from another
 * thread to abandon a stalled download.
 */
final class DownloadStream extends FilterInputStream {

    private long count;
    private volatile IOException failure;
    private volatile boolean expired;

    DownloadStream(InputStream body) {
        super(body);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw fail(expired ? new IOException("download took longer than the body timeout", e) : e);
        }
        if (n == -1 && expired) {
            // closing the JDK's response stream makes a blocked read return end-of-stream: that is not the real end
            throw fail(new IOException("download took longer than the body timeout"));
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported: every byte must be hashed and stored");
    }

    private IOException fail(IOException e) {
        failure = e;
        return e;
    }

    /** Abandons the download: a blocked or later read fails. Called from a timer thread. */
    void expire() {
        expired = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream is being abandoned anyway
        }
    }

    long count() {
        return count;
    }

    /** The read failure, if reading the body failed; null when every read succeeded. */
    IOException failure() {
        return failure;
    }
}
