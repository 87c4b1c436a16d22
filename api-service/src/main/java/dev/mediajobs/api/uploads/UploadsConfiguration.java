package dev.mediajobs.api.uploads;

import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.support.s3.MediajobsS3Properties;
import dev.mediajobs.support.s3.PublicS3Urls;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/** Uploads and the resolution of job inputs; the store exists only where S3 is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UploadProperties.class)
public class UploadsConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "mediajobs.s3", name = "endpoint")
    UploadStore uploadStore(MinioClient s3, PublicS3Urls publicUrls, MediajobsS3Properties s3Properties,
                            UploadProperties properties, Clock clock, MeterRegistry registry) {
        properties.validate();
        // signs for the host providers use (mediajobs.s3.public-endpoint)
        return new UploadStore(s3, publicUrls.signer(), s3Properties.getBucket(), clock, registry);
    }

    @Bean
    InputResolver inputResolver(ObjectProvider<UploadStore> store, OutboundPolicy policy, UploadProperties properties) {
        properties.validate();
        return new UploadInputResolver(store.getIfAvailable(), policy, properties.getMaxInlineBytes().toBytes(),
                properties.getInputUrlLifetime());
    }

    /**
     * No multipart parsing by Spring or the container: the only multipart endpoint, {@code POST /v1/uploads}, reads
     * its body as a stream, which the container's part parsing (spooling every part, with its own size limits and
     * errors) would consume first. Spring Boot's resolver backs off when this bean exists.
     */
    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver() {
        return new MultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return false;
            }

            @Override
            public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
                throw new UnsupportedOperationException("multipart bodies are read as streams by their controller");
            }

            @Override
            public void cleanupMultipart(MultipartHttpServletRequest request) {
                // nothing was resolved
            }
        };
    }
}
