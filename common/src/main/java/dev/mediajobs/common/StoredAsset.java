package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An output archived in S3. Object keys are deterministic ({@code tenant/job/asset-index}) so storing twice is harmless.
 *
 * @param index       position among the job's outputs, from 0
 * @param sizeBytes   size in bytes as stored
 * @param sha256      lower-case hex SHA-256 of the stored bytes
 * @param downloadUrl presigned GET URL; only filled in API responses, never on Kafka
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredAsset(
        int index,
        String bucket,
        String key,
        String contentType,
        long sizeBytes,
        String sha256,
        String downloadUrl) {

    public StoredAsset withDownloadUrl(String url) {
        return new StoredAsset(index, bucket, key, contentType, sizeBytes, sha256, url);
    }
}
