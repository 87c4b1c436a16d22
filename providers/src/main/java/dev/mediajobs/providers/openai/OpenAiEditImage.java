package dev.mediajobs.providers.openai;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The document's rules for the image of an edit, checked on the downloaded bytes before the (paid) call: "PNG file
 * (required, must be square, &lt;4MB)", "must be square and have transparency", "PNG only". Only the PNG header and
 * chunk list are read; the image is never decoded.
 */
final class OpenAiEditImage {

    /** "&lt;4MB": strictly smaller than 4 MiB. */
    static final long MAX_BYTES = 4L * 1024 * 1024 - 1;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int COLOR_GRAY_ALPHA = 4;
    private static final int COLOR_RGBA = 6;

    private OpenAiEditImage() {
    }

    static void check(byte[] png) throws ProviderException {
        if (png.length < PNG_SIGNATURE.length + 25 || !ByteBuffer.wrap(png, 0, PNG_SIGNATURE.length).equals(ByteBuffer.wrap(PNG_SIGNATURE))) {
            throw invalid("the edit image must be a PNG (the document: \"Supported format: PNG only\")");
        }
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(PNG_SIGNATURE.length);
        int headerLength = in.getInt();
        if (headerLength < 13 || !"IHDR".equals(chunkType(in))) {
            throw invalid("the edit image is not a readable PNG (no IHDR header)");
        }
        long width = Integer.toUnsignedLong(in.getInt());
        long height = Integer.toUnsignedLong(in.getInt());
        in.get(); // bit depth
        int colorType = in.get() & 0xff;
        if (width != height) {
            throw invalid("the edit image must be square, it is " + width + "x" + height);
        }
        if (colorType != COLOR_GRAY_ALPHA && colorType != COLOR_RGBA && !hasTransparencyChunk(in, headerLength)) {
            throw invalid("the edit image must have transparency (an alpha channel or a tRNS chunk): "
                    + "the transparent area is what gets edited");
        }
    }

    /** Walks the chunks after IHDR up to the first IDAT, looking for tRNS (transparency of palette and plain images). */
    private static boolean hasTransparencyChunk(ByteBuffer in, int headerLength) {
        in.position(PNG_SIGNATURE.length + 8 + headerLength + 4);
        while (in.remaining() >= 12) {
            long length = Integer.toUnsignedLong(in.getInt());
            String type = chunkType(in);
            if (type.equals("tRNS")) {
                return true;
            }
            if (type.equals("IDAT") || type.equals("IEND") || length + 4 > in.remaining()) {
                return false;
            }
            in.position(in.position() + (int) length + 4);
        }
        return false;
    }

    private static String chunkType(ByteBuffer in) {
        byte[] type = new byte[4];
        in.get(type);
        return new String(type, StandardCharsets.US_ASCII);
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(Kind.INVALID_REQUEST, OpenAiProviderAdapter.ID, null, message, null);
    }
}
