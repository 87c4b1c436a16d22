package dev.mediajobs.support.s3;

import java.util.Locale;
import java.util.Map;

/**
 * Deterministic object keys: {@code tenants/<tenant>/jobs/<jobId>/assets/<index>.<ext>}. Storing the same asset twice
 * writes the same key, which makes a repeated store harmless.
 */
public final class AssetKeys {

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/webp", "webp"),
            Map.entry("image/gif", "gif"), Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"),
            Map.entry("video/quicktime", "mov"), Map.entry("audio/wav", "wav"), Map.entry("audio/x-wav", "wav"),
            Map.entry("audio/mpeg", "mp3"), Map.entry("text/plain", "txt"), Map.entry("application/json", "json"));

    private AssetKeys() {
    }

    public static String objectKey(String tenant, String jobId, int index, String contentType) {
        return "tenants/" + tenant + "/jobs/" + jobId + "/assets/" + index + "." + extension(contentType);
    }

    static String extension(String contentType) {
        if (contentType == null) {
            return "bin";
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return EXTENSIONS.getOrDefault(base, "bin");
    }
}
