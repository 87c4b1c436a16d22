package dev.mediajobs.api.uploads;

import java.util.Base64;
import java.util.Locale;

/**
 * A {@code data:<type>[;param=value]*;base64,<data>} URL (RFC 2397), as a job input may carry a small file inline.
 * Only base64 is accepted: a binary image percent-encoded would be three times its size.
 */
record DataUrl(String contentType, byte[] bytes) {

    static final String PREFIX = "data:";

    /** Why a data: URL cannot be used; the message is meant for the client. */
    static final class InvalidDataUrlException extends Exception {
        private final boolean tooLarge;

        InvalidDataUrlException(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }

        boolean tooLarge() {
            return tooLarge;
        }
    }

    static boolean isDataUrl(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Decodes the URL; the size is checked on the encoded length first, so an oversized one is never decoded.
     *
     * @param maxBytes largest decoded size accepted
     */
    static DataUrl parse(String url, long maxBytes) throws InvalidDataUrlException {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new InvalidDataUrlException("is a data: URL without a comma before its data", false);
        }
        String[] header = url.substring(PREFIX.length(), comma).split(";");
        if (header.length < 2 || !header[header.length - 1].trim().equalsIgnoreCase("base64")) {
            throw new InvalidDataUrlException("must be a base64 data: URL (data:<type>;base64,<data>)", false);
        }
        String type = UploadMediaTypes.normalize(header[0]);
        if (!UploadMediaTypes.isSupported(type)) {
            throw new InvalidDataUrlException("is a data: URL of type " + (type == null ? "(none)" : cut(type))
                    + "; accepted types are " + UploadMediaTypes.supportedList(), false);
        }
        // at least this many bytes once decoded (up to two may be padding)
        long decodedAtLeast = ((url.length() - comma - 1 + 3L) / 4) * 3 - 2;
        if (decodedAtLeast > maxBytes) {
            throw new InvalidDataUrlException("holds about " + decodedAtLeast + " bytes; inline data may be at most "
                    + maxBytes + " bytes (upload larger files with POST /v1/uploads)", true);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidDataUrlException("is not valid base64 after its comma", false);
        }
        if (bytes.length == 0) {
            throw new InvalidDataUrlException("is an empty data: URL", false);
        }
        if (bytes.length > maxBytes) {
            throw new InvalidDataUrlException("holds " + bytes.length + " bytes; inline data may be at most " + maxBytes
                    + " bytes (upload larger files with POST /v1/uploads)", true);
        }
        return new DataUrl(type, bytes);
    }

    private static String cut(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
