package dev.mediajobs.providers.config;

import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.providers.validation.JobRequestValidator;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Registers every adapter, the registry and the request validator in each service that has this module. */
@AutoConfiguration
@EnableConfigurationProperties(ProvidersProperties.class)
public class ProvidersConfiguration {

    @Bean
    SimulatorProviderAdapter simulatorProviderAdapter(ProvidersProperties properties) {
        return new SimulatorProviderAdapter(properties.settingsFor(SimulatorProviderAdapter.ID));
    }

    @Bean
    ProviderRegistry providerRegistry(List<ProviderAdapter> adapters, ProvidersProperties properties) {
        return new ProviderRegistry(adapters, properties);
    }

    @Bean
    JobRequestValidator jobRequestValidator(ProviderRegistry registry) {
        return new JobRequestValidator(registry);
    }
}
