package dev.mediajobs.support.s3;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code mediajobs.s3.*}: the S3-protocol store (MinIO, AWS S3, …) that archives assets. */
@ConfigurationProperties(prefix = "mediajobs.s3")
public class MediajobsS3Properties {

    /** e.g. {@code http://127.0.0.1:9000}; empty disables S3 in services that do not need it. */
    private String endpoint;
    /**
     * The endpoint as clients and providers reach it, when it differs from {@code endpoint} (an internal host name):
     * presigned download and input URLs are signed for it. Empty: {@code endpoint}.
     */
    private String publicEndpoint;
    private String region = "us-east-1";
    private String accessKey;
    private String secretKey;
    private String bucket = "mediajobs-assets";
    /** Lifetime of presigned download URLs. */
    private Duration presignExpiry = Duration.ofHours(1);
    /** Create the bucket at start-up when missing (the storage-service does this). */
    private boolean createBucket = true;

    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public String getPublicEndpoint() { return publicEndpoint; }
    public void setPublicEndpoint(String publicEndpoint) { this.publicEndpoint = publicEndpoint; }
    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
    public String getAccessKey() { return accessKey; }
    public void setAccessKey(String accessKey) { this.accessKey = accessKey; }
    public String getSecretKey() { return secretKey; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
    public Duration getPresignExpiry() { return presignExpiry; }
    public void setPresignExpiry(Duration presignExpiry) { this.presignExpiry = presignExpiry; }
    public boolean isCreateBucket() { return createBucket; }
    public void setCreateBucket(boolean createBucket) { this.createBucket = createBucket; }

    @Override
    public String toString() {
        return "MediajobsS3Properties[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
    }
}
