package dev.mediajobs.providers.config;

import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.gemini.GeminiProviderAdapter;
import dev.mediajobs.providers.kie.KieProviderAdapter;
import dev.mediajobs.providers.luma.LumaProviderAdapter;
import dev.mediajobs.providers.nanobanana.NanobananaProviderAdapter;
import dev.mediajobs.providers.openai.OpenAiProviderAdapter;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.providers.outbound.config.OutboundConfiguration;
import dev.mediajobs.providers.runway.RunwayProviderAdapter;
import dev.mediajobs.providers.runware.RunwareProviderAdapter;
import dev.mediajobs.providers.simulator.SimulatorProviderAdapter;
import dev.mediajobs.providers.sora.SoraProviderAdapter;
import dev.mediajobs.providers.stability.StabilityProviderAdapter;
import dev.mediajobs.providers.validation.JobRequestValidator;
import dev.mediajobs.providers.veo3.Veo3ProviderAdapter;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers every adapter, the registry and the request validator in each service that has this module. Adapters
 * that fetch input files on a user's behalf get the service's {@link OutboundPolicy} (SSRF guard).
 */
@AutoConfiguration(after = OutboundConfiguration.class)
@EnableConfigurationProperties(ProvidersProperties.class)
public class ProvidersConfiguration {

    @Bean
    SimulatorProviderAdapter simulatorProviderAdapter(ProvidersProperties properties) {
        return new SimulatorProviderAdapter(properties.settingsFor(SimulatorProviderAdapter.ID));
    }

    @Bean
    OpenAiProviderAdapter openAiProviderAdapter(ProvidersProperties properties, OutboundPolicy outboundPolicy) {
        return new OpenAiProviderAdapter(properties.settingsFor(OpenAiProviderAdapter.ID), outboundPolicy);
    }

    @Bean
    RunwayProviderAdapter runwayProviderAdapter(ProvidersProperties properties) {
        return new RunwayProviderAdapter(properties.settingsFor(RunwayProviderAdapter.ID));
    }

    @Bean
    StabilityProviderAdapter stabilityProviderAdapter(ProvidersProperties properties, OutboundPolicy outboundPolicy) {
        return new StabilityProviderAdapter(properties.settingsFor(StabilityProviderAdapter.ID), outboundPolicy);
    }

    @Bean
    LumaProviderAdapter lumaProviderAdapter(ProvidersProperties properties) {
        return new LumaProviderAdapter(properties.settingsFor(LumaProviderAdapter.ID));
    }

    @Bean
    GeminiProviderAdapter geminiProviderAdapter(ProvidersProperties properties) {
        return new GeminiProviderAdapter(properties.settingsFor(GeminiProviderAdapter.ID));
    }

    @Bean
    NanobananaProviderAdapter nanobananaProviderAdapter(ProvidersProperties properties) {
        return new NanobananaProviderAdapter(properties.settingsFor(NanobananaProviderAdapter.ID));
    }

    @Bean
    SoraProviderAdapter soraProviderAdapter(ProvidersProperties properties) {
        return new SoraProviderAdapter(properties.settingsFor(SoraProviderAdapter.ID));
    }

    @Bean
    Veo3ProviderAdapter veo3ProviderAdapter(ProvidersProperties properties) {
        return new Veo3ProviderAdapter(properties.settingsFor(Veo3ProviderAdapter.ID));
    }

    @Bean
    KieProviderAdapter kieProviderAdapter(ProvidersProperties properties) {
        return new KieProviderAdapter(properties.settingsFor(KieProviderAdapter.ID));
    }

    @Bean
    RunwareProviderAdapter runwareProviderAdapter(ProvidersProperties properties, OutboundPolicy outboundPolicy) {
        return new RunwareProviderAdapter(properties.settingsFor(RunwareProviderAdapter.ID), outboundPolicy);
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
