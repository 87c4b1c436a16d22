package dev.mediajobs.support.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PublicS3UrlsTests {

    private static MediajobsS3Properties properties(String publicEndpoint) {
        MediajobsS3Properties p = new MediajobsS3Properties();
        p.setEndpoint("http://minio:9000");
        p.setPublicEndpoint(publicEndpoint);
        p.setAccessKey("access");
        p.setSecretKey("secret-secret");
        return p;
    }

    private static MinioClient internal(MediajobsS3Properties p) {
        return MinioClient.builder().endpoint(p.getEndpoint()).region(p.getRegion())
                .credentials(p.getAccessKey(), p.getSecretKey()).build();
    }

    @Test
    void signsForThePublicEndpointWhenOneIsSet() throws Exception {
        MediajobsS3Properties p = properties("https://media.example.com");

        URI url = URI.create(new PublicS3Urls(internal(p), p).presignGet("media-assets", "tenants/t/jobs/j/assets/0.png", Duration.ofMinutes(5)));

        assertThat(url.getHost()).isEqualTo("media.example.com");
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getQuery()).contains("X-Amz-Expires=300");
    }

    @Test
    void usesTheServicesEndpointOtherwiseAndCapsTheLifetime() throws Exception {
        MediajobsS3Properties p = properties(null);

        URI url = URI.create(new PublicS3Urls(internal(p), p).presignGet("media-assets", "k", Duration.ofDays(30)));

        assertThat(url.getHost()).isEqualTo("minio");
        assertThat(url.getQuery()).contains("X-Amz-Expires=" + Duration.ofDays(7).toSeconds());
    }
}
