package dev.mediajobs.storage;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The storage-service: moves jobs from {@code storing} to {@code succeeded} once their assets are safely in S3 (provider
 * URLs expire, S3 keeps them), or to {@code failed} when an asset is unreachable or corrupt.
 */
@SpringBootApplication
public class StorageServiceApplication {

    public static final String NAME = "storage-service";

    /** The application with its own configuration file, {@code storage-service.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(StorageServiceApplication.class)
                .main(StorageServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
