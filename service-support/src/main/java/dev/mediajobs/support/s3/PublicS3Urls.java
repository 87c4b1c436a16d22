package dev.mediajobs.support.s3;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.time.Duration;

/**
 * Presigned GET URLs for people and providers outside the deployment. They are signed for
 * {@code mediajobs.s3.public-endpoint} when the services reach S3 under an internal name (e.g. {@code minio:9000}),
 * so that the link works where it is used. Presigning is local computation: the region is set, so no call to S3.
 */
public class PublicS3Urls {

    /** SigV4 presigned URLs cannot live longer than this. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);

    private final MinioClient signer;

    public PublicS3Urls(MinioClient internal, MediajobsS3Properties properties) {
        String publicEndpoint = properties.getPublicEndpoint();
        this.signer = publicEndpoint == null || publicEndpoint.isBlank() ? internal
                : MinioClient.builder().endpoint(publicEndpoint).region(properties.getRegion())
                        .credentials(properties.getAccessKey(), properties.getSecretKey()).build();
    }

    /** The client that signs public URLs (for code that builds its own presign arguments). */
    public MinioClient signer() {
        return signer;
    }

    /** A GET URL for the object, valid for {@code lifetime} (cut to 1 s … 7 days). */
    public String presignGet(String bucket, String key, Duration lifetime) throws Exception {
        long seconds = Math.max(1, Math.min(lifetime.toSeconds(), MAX_LIFETIME.toSeconds()));
        return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(bucket).object(key).expiry((int) seconds).build());
    }
}
