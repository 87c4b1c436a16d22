package dev.mediajobs.support.limits.config;

import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.config.ProvidersConfiguration;
import dev.mediajobs.support.callbacks.CallbackProperties;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.config.MediajobsSupportConfiguration;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderLimits;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import redis.clients.jedis.UnifiedJedis;

/** The shared limiter, key bench and callback tokens, for every service that calls providers or hears from them. */
@AutoConfiguration(after = {ProvidersConfiguration.class, MediajobsSupportConfiguration.class})
@EnableConfigurationProperties({LimitsProperties.class, CallbackProperties.class})
public class LimitsConfiguration {

    @Bean
    LimiterMetrics limiterMetrics(MeterRegistry registry) {
        return new LimiterMetrics(registry);
    }

    @Bean
    ProviderLimits providerLimits(UnifiedJedis redis, ProviderRegistry registry, LimitsProperties properties,
                                  LimiterMetrics metrics) {
        return new ProviderLimits(redis, registry, properties, metrics);
    }

    @Bean
    KeyBench keyBench(UnifiedJedis redis) {
        return new KeyBench(redis);
    }

    @Bean
    CallbackTokens callbackTokens(CallbackProperties properties) {
        return new CallbackTokens(properties);
    }
}
