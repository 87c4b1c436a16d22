package dev.mediajobs.api.uploads;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The media types an upload may have, their object-key extensions, and a magic-byte check: a body declared
 * {@code image/png} must start like a PNG. The declared type is what providers are told, so a mislabelled file is
 * refused here rather than failing obscurely at a provider.
 */
public final class UploadMediaTypes {

    /** Bytes needed to recognise every supported type. */
    public static final int SNIFF_BYTES = 16;

    private static final Map<String, String> EXTENSIONS = new LinkedHashMap<>();

    static {
        EXTENSIONS.put("image/png", "png");
        EXTENSIONS.put("image/jpeg", "jpg");
        EXTENSIONS.put("image/webp", "webp");
        EXTENSIONS.put("image/gif", "gif");
        EXTENSIONS.put("video/mp4", "mp4");
        EXTENSIONS.put("video/webm", "webm");
        EXTENSIONS.put("video/quicktime", "mov");
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] EBML = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3};

    private UploadMediaTypes() {
    }

    /** {@code image/png} for {@code Image/PNG; charset=x}; null for null or blank. */
    public static String normalize(String contentType) {
        if (contentType == null) {
            return null;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.isEmpty() ? null : base;
    }

    public static boolean isSupported(String normalizedType) {
        return normalizedType != null && EXTENSIONS.containsKey(normalizedType);
    }

    public static String extension(String normalizedType) {
        String ext = EXTENSIONS.get(normalizedType);
        if (ext == null) {
            throw new IllegalArgumentException("unsupported upload type " + normalizedType);
        }
        return ext;
    }

    public static String supportedList() {
        return String.join(", ", EXTENSIONS.keySet());
    }

    /** Whether the first bytes of a body are those of the declared (normalized, supported) type. */
    public static boolean matches(String normalizedType, byte[] head) {
        return switch (normalizedType) {
            case "image/png" -> startsWith(head, 0, PNG);
            case "image/jpeg" -> startsWith(head, 0, JPEG);
            case "image/gif" -> ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a");
            case "image/webp" -> ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP");
            case "video/webm" -> startsWith(head, 0, EBML);
            // ISO base media files open with an ftyp box; the brand is not checked because encoders label .mp4 and
            // .mov files inconsistently (isom, mp42, qt, M4V, ...)
            case "video/mp4" -> ascii(head, 4, "ftyp");
            // classic QuickTime files may open with another atom instead of ftyp
            case "video/quicktime" -> ascii(head, 4, "ftyp") || ascii(head, 4, "moov") || ascii(head, 4, "mdat")
                    || ascii(head, 4, "wide") || ascii(head, 4, "free") || ascii(head, 4, "skip")
                    || ascii(head, 4, "pnot");
            default -> false;
        };
    }

    /** The supported type the bytes look like, for error messages; empty when none. */
    public static Optional<String> detect(byte[] head) {
        return EXTENSIONS.keySet().stream().filter(t -> matches(t, head)).findFirst();
    }

    private static boolean ascii(byte[] head, int offset, String text) {
        return startsWith(head, offset, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] head, int offset, byte[] prefix) {
        return head.length >= offset + prefix.length
                && Arrays.equals(head, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
