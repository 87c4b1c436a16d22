package dev.mediajobs.api.uploads;

import java.time.Instant;

/**
 * An upload as the API shows it.
 *
 * @param url         the reference to put into {@code input.imageUrls} of a job: {@code upload:<id>}
 * @param downloadUrl presigned GET URL of the stored bytes, valid until {@code expiresAt}
 */
public record UploadResponse(String id, String contentType, long sizeBytes, String sha256, String url,
                             String downloadUrl, Instant expiresAt) {

    static UploadResponse of(StoredUpload upload, UploadStore.PresignedUrl download) {
        return new UploadResponse(upload.id(), upload.contentType(), upload.sizeBytes(), upload.sha256(),
                upload.reference(), download.url(), download.expiresAt());
    }
}
