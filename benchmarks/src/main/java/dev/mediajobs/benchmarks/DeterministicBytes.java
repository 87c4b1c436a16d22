package dev.mediajobs.benchmarks;

import dev.mediajobs.common.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A body of any size, the same for the same seed, produced block by block so that it is never held in memory: one
 * random 1 MiB block, stamped with the block's number so that no two blocks are alike. Cheap enough that the source
 * is never what limits the measured throughput.
 */
record DeterministicBytes(long seed, long size) {

    static final int BLOCK = 1024 * 1024;

    void writeTo(OutputStream out) throws IOException {
        byte[] pattern = new byte[BLOCK];
        new SplittableRandom(seed).nextBytes(pattern);
        byte[] block = new byte[BLOCK];
        long left = size;
        for (long n = 0; left > 0; n++) {
            System.arraycopy(pattern, 0, block, 0, BLOCK);
            for (int i = 0; i < Long.BYTES; i++) {
                block[i] ^= (byte) (n >>> (8 * i));
            }
            int length = (int) Math.min(BLOCK, left);
            out.write(block, 0, length);
            left -= length;
        }
    }

    String sha256() {
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
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
