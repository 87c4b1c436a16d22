package dev.mediajobs.api.uploads;

/**
 * An upload as S3 holds it: the object plus its user metadata, so nothing but S3 is needed to find it again.
 *
 * @param contentType normalized, one of {@link UploadMediaTypes}
 * @param sha256      lower-case hex of the stored bytes
 */
public record StoredUpload(String id, String tenant, String key, String contentType, long sizeBytes, String sha256) {

    /** The reference a job input may use instead of a URL. */
    public String reference() {
        return UploadStore.REFERENCE_PREFIX + id;
    }
}
