package dev.mediajobs.api.jobs;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.support.s3.MediajobsS3Properties;
import dev.mediajobs.support.s3.PublicS3Urls;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Maps jobs to responses, adding a presigned GET URL to every stored asset when S3 is configured
 * ({@code mediajobs.s3.endpoint}), signed for {@code mediajobs.s3.public-endpoint} when set. Presigning is computed
 * locally; it costs no call to S3.
 */
@Component
public class JobResponses {

    private static final Logger log = LoggerFactory.getLogger(JobResponses.class);

    private final ObjectProvider<PublicS3Urls> urls;
    private final MediajobsS3Properties s3;

    public JobResponses(ObjectProvider<PublicS3Urls> urls, MediajobsS3Properties s3) {
        this.urls = urls;
        this.s3 = s3;
    }

    public JobResponse toResponse(Job job) {
        return toResponse(job, job.cancelRequested());
    }

    public JobResponse toResponse(Job job, boolean cancelRequested) {
        PublicS3Urls signer = job.assets().isEmpty() ? null : urls.getIfAvailable();
        List<StoredAsset> assets = signer == null ? job.assets()
                : job.assets().stream().map(a -> withDownloadUrl(signer, job, a)).toList();
        return JobResponse.of(job, assets, cancelRequested);
    }

    private StoredAsset withDownloadUrl(PublicS3Urls signer, Job job, StoredAsset asset) {
        if (asset.key() == null) {
            return asset;
        }
        try {
            return asset.withDownloadUrl(signer.presignGet(asset.bucket() != null ? asset.bucket() : s3.getBucket(),
                    asset.key(), s3.getPresignExpiry()));
        } catch (Exception e) {
            // the job is still worth answering without the link
            log.warn("could not presign asset {} of job {}: {}", asset.index(), job.id(), e.toString());
            return asset;
        }
    }
}
