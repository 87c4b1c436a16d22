package dev.mediajobs.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The REST ingress: submit, status, list, cancel, providers; API-key auth per tenant; the Redis job view fed from the
 * events topic; signed webhooks fed from the events topic.
 */
@SpringBootApplication
public class ApiServiceApplication {

    public static final String SERVICE_NAME = "api-service";

    /**
     * The application with its own configuration file ({@code api-service.yml}), so that the four services can share
     * one classpath (the end-to-end tests start them in one JVM).
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApiServiceApplication.class)
                .properties("spring.config.name=" + SERVICE_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
