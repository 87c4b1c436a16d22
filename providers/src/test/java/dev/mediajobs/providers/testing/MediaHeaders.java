package dev.mediajobs.providers.testing;

/**
 * The first bytes of the files wire fakes serve as generated outputs: not a playable file, but enough for anything
 * that sniffs the type. Treat the arrays as constants.
 */
public final class MediaHeaders {

    /** An MP4 {@code ftyp} box. */
    public static final byte[] MP4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '2'};
    /** The PNG signature and the start of an IHDR chunk. */
    public static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private MediaHeaders() {
    }
}
