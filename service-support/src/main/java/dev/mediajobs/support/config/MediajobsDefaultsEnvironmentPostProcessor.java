package dev.mediajobs.support.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code mediajobs-support-defaults.properties} as the lowest-precedence property source, before anything reads
 * the environment. (A {@code @PropertySource} on a configuration class comes too late for settings such as the
 * actuator endpoint exposure.) Each service's yml, system properties and environment variables override it.
 */
public class MediajobsDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String RESOURCE = "mediajobs-support-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(RESOURCE)) {
            return;
        }
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(RESOURCE, new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE + " from the classpath", e);
        }
    }
}
