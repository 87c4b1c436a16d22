package dev.mediajobs.providers.outbound.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mediajobs.outbound.*}: what the SSRF guard lets through besides public addresses
 * (env {@code MEDIAJOBS_OUTBOUND_ALLOWLIST}).
 */
@ConfigurationProperties(prefix = "mediajobs.outbound")
public class OutboundProperties {

    /**
     * Host names, IP addresses or CIDR blocks (comma-separated) that webhooks and input URLs may reach although they
     * are not public, e.g. {@code 127.0.0.1} in tests or {@code 10.20.0.0/16} for an internal file host. Empty (the
     * default) allows public addresses only.
     */
    private List<String> allowList = new ArrayList<>();

    public List<String> getAllowList() {
        return allowList;
    }

    public void setAllowList(List<String> allowList) {
        this.allowList = allowList == null ? new ArrayList<>() : allowList;
    }
}
