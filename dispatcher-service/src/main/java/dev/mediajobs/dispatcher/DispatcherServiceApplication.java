package dev.mediajobs.dispatcher;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The dispatcher-service: consumes the requests topic and moves each job from {@code queued} to {@code submitted} (or
 * to an early {@code failed} / {@code canceled}). See {@link JobDispatcher}.
 */
@SpringBootApplication
public class DispatcherServiceApplication {

    public static final String NAME = "dispatcher-service";

    /** The application with its own configuration file, {@code dispatcher-service.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DispatcherServiceApplication.class)
                .main(DispatcherServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
