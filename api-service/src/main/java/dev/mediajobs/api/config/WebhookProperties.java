package dev.mediajobs.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code mediajobs.webhooks.*}: signing and delivery of completion webhooks. */
@ConfigurationProperties(prefix = "mediajobs.webhooks")
public class WebhookProperties {

    /**
     * {@code whsec_<base64>}: the signing secret of tenants without their own
     * ({@code mediajobs.api.tenants.<tenant>.webhook-secret}). When neither is set a random one is generated at start-up.
     */
    private String signingSecret;
    /** Delivery attempts per event, the first included. */
    private int maxAttempts = 5;
    /** Delay before the second attempt; doubled before each further one. */
    private Duration retryBaseDelay = Duration.ofSeconds(1);
    /** Connect and response timeout of one attempt. */
    private Duration timeout = Duration.ofSeconds(15);
    /** Consumer threads delivering webhooks (at most the number of partitions are useful). */
    private int concurrency = 4;

    public String getSigningSecret() { return signingSecret; }
    public void setSigningSecret(String signingSecret) { this.signingSecret = signingSecret; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    public Duration getRetryBaseDelay() { return retryBaseDelay; }
    public void setRetryBaseDelay(Duration retryBaseDelay) { this.retryBaseDelay = retryBaseDelay; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }

    public void validate() {
        require(maxAttempts >= 1 && maxAttempts <= 50, "mediajobs.webhooks.max-attempts must be 1-50");
        require(retryBaseDelay != null && !retryBaseDelay.isNegative(), "mediajobs.webhooks.retry-base-delay must not be negative, e.g. 1s");
        require(timeout != null && timeout.toMillis() >= 1, "mediajobs.webhooks.timeout must be positive, e.g. 15s");
        require(concurrency >= 1, "mediajobs.webhooks.concurrency must be at least 1");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[signingSecret=" + (signingSecret == null ? "unset" : "***") + ", maxAttempts="
                + maxAttempts + ", retryBaseDelay=" + retryBaseDelay + ", timeout=" + timeout + "]";
    }
}
