package dev.mediajobs.support.callbacks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mediajobs.callbacks.*}: where providers that can call back (Kie {@code callBackUrl}, Runware
 * {@code webhookURL}) reach the api-service.
 */
@ConfigurationProperties(prefix = "mediajobs.callbacks")
public class CallbackProperties {

    /**
     * The api-service's address as providers see it, e.g. {@code https://media.example.com}; empty turns callbacks
     * off (tasks are then only polled).
     */
    private String publicBaseUrl = "";
    /**
     * The secret the per-task tokens are derived from (at least 32 characters); the same on the dispatcher (which
     * builds callback URLs) and the api-service (which checks them). Changing it invalidates the callback URLs of tasks
     * in flight: they are still polled.
     */
    private String secret = "";

    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }

    @Override
    public String toString() {
        return "CallbackProperties[publicBaseUrl=" + publicBaseUrl + ", secret=" + (secret.isEmpty() ? "" : "***") + "]";
    }
}
