package dev.mediajobs.providers.outbound.config;

import dev.mediajobs.providers.outbound.OutboundPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The one {@link OutboundPolicy} of a service, from {@code mediajobs.outbound.allow-list} (empty: public addresses only). */
@AutoConfiguration
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundConfiguration {

    private static final Log log = LogFactory.getLog(OutboundConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    OutboundPolicy outboundPolicy(OutboundProperties properties) {
        if (properties.getAllowList().isEmpty()) {
            return OutboundPolicy.strict();
        }
        OutboundPolicy policy = OutboundPolicy.allowing(properties.getAllowList());
        // loud on purpose: an allow-list in production opens the internal network to user-supplied URLs
        log.warn("outbound calls may reach non-public addresses in " + properties.getAllowList() + " ("
                + OutboundPolicy.ALLOW_LIST_PROPERTY + "); use this for development and tests only");
        return policy;
    }
}
