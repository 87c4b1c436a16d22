package dev.mediajobs.storage.testing;

import dev.mediajobs.common.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Deterministic pseudo-random content of any size, produced chunk by chunk so that it is never held in memory. */
public record GeneratedBytes(long seed, long size) {

    private static final int CHUNK = 64 * 1024;

    public void writeTo(OutputStream out) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[CHUNK];
        for (long left = size; left > 0; left -= CHUNK) {
            random.nextBytes(chunk);
            out.write(chunk, 0, (int) Math.min(CHUNK, left));
        }
    }

    public String sha256() {
        MessageDigest digest = Hashing.newSha256();
        try {
            writeTo(new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
