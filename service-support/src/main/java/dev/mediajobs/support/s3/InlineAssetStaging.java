package dev.mediajobs.support.s3;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.InlineAssetStager;
import dev.mediajobs.providers.PollResult.InlineAsset;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Some providers answer with the output itself instead of a URL (Stability's 200 answer is the video; OpenAI's
 * {@code b64_json}; Gemini's text). Whoever receives such bytes (the dispatcher for synchronous providers, the poller
 * otherwise) writes them to a staging object and hands the storage-service a presigned URL with the expected SHA-256,
 * so the storage-service archives every asset the same way and stays the only owner of {@code succeeded}.
 */
public class InlineAssetStaging implements InlineAssetStager {

    /** Long enough for the storage-service to pick the job up even after an S3 or Kafka hiccup. */
    private static final Duration STAGING_URL_LIFETIME = Duration.ofDays(7);

    private final MinioClient minio;
    private final MediajobsS3Properties properties;

    public InlineAssetStaging(MinioClient minio, MediajobsS3Properties properties) {
        this.minio = minio;
        this.properties = properties;
    }

    @Override
    public List<ProviderAsset> stage(Job job, List<InlineAsset> inlineAssets) {
        List<ProviderAsset> staged = new ArrayList<>(inlineAssets.size());
        for (int i = 0; i < inlineAssets.size(); i++) {
            staged.add(stage(job, i, inlineAssets.get(i).contentType(), inlineAssets.get(i).bytes()));
        }
        return staged;
    }

    /** Deterministic, so staging the same output twice writes the same object. */
    public static String stagingKey(Job job, int index, String contentType) {
        return "staging/tenants/" + job.tenant() + "/jobs/" + job.id() + "/" + index + "." + AssetKeys.extension(contentType);
    }

    /**
     * @throws StagingFailedException when S3 does not take the bytes; the caller retries later
     */
    public ProviderAsset stage(Job job, int index, String contentType, byte[] bytes) {
        String key = stagingKey(job, index, contentType);
        try {
            minio.putObject(PutObjectArgs.builder().bucket(properties.getBucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .build());
            String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(properties.getBucket()).object(key)
                    .expiry((int) STAGING_URL_LIFETIME.toSeconds()).build());
            return new ProviderAsset(url, contentType, Hashing.sha256Hex(bytes));
        } catch (Exception e) {
            throw new StagingFailedException("could not stage output " + index + " of job " + job.id() + " in bucket "
                    + properties.getBucket() + " at " + properties.getEndpoint() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** S3 did not take the staged bytes. */
    public static class StagingFailedException extends RuntimeException {
        StagingFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
