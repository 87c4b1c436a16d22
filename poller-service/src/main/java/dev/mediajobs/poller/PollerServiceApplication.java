package dev.mediajobs.poller;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The poller-service: carries submitted provider tasks forward ({@code submitted → running → storing}, or
 * {@code failed}, {@code timed_out}, {@code canceled}) from a poll schedule in Redis shared by all its instances.
 */
@SpringBootApplication
public class PollerServiceApplication {

    public static final String NAME = "poller-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PollerServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
