package dev.mediajobs.api.jobs;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.support.s3.MediajobsS3Properties;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Maps jobs to responses, adding a presigned GET URL to every stored asset when S3 is configured
 * ({@code mediajobs.s3.endpoint}). Presigning is computed locally; it costs no call to S3.
 */
@Component
public class JobResponses {

    private static final Logger log = LoggerFactory.getLogger(JobResponses.class);
    /** S3's upper bound for a presigned URL's lifetime. */
    private static final long MAX_EXPIRY_SECONDS = Duration.ofDays(7).toSeconds();

    private final ObjectProvider<MinioClient> minio;
    private final MediajobsS3Properties s3;

    public JobResponses(ObjectProvider<MinioClient> minio, MediajobsS3Properties s3) {
        this.minio = minio;
        this.s3 = s3;
    }

    public JobResponse toResponse(Job job) {
        return toResponse(job, job.cancelRequested());
    }

    public JobResponse toResponse(Job job, boolean cancelRequested) {
        MinioClient client = job.assets().isEmpty() ? null : minio.getIfAvailable();
        List<StoredAsset> assets = client == null ? job.assets()
                : job.assets().stream().map(a -> withDownloadUrl(client, job, a)).toList();
        return JobResponse.of(job, assets, cancelRequested);
    }

    private StoredAsset withDownloadUrl(MinioClient client, Job job, StoredAsset asset) {
        if (asset.key() == null) {
            return asset;
        }
        long expiry = Math.max(1, Math.min(s3.getPresignExpiry().toSeconds(), MAX_EXPIRY_SECONDS));
        try {
            String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(asset.bucket() != null ? asset.bucket() : s3.getBucket())
                    .object(asset.key())
                    .expiry((int) expiry)
                    .build());
            return asset.withDownloadUrl(url);
        } catch (Exception e) {
            // the job is still worth answering without the link
            log.warn("could not presign asset {} of job {}: {}", asset.index(), job.id(), e.toString());
            return asset;
        }
    }
}
