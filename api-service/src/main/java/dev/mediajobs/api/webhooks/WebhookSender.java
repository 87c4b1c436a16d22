package dev.mediajobs.api.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One delivery attempt: POST the event JSON with the Standard Webhooks headers. Redirects are not followed (a 3xx is a
 * failed attempt: the receiver must give the final URL). This is the seam for the SSRF guard (resolving and checking
 * the target address) that comes later.
 */
public class WebhookSender {

    /** @param detail what went wrong, for the log; null on success */
    public record Attempt(boolean delivered, Integer httpStatus, String detail) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(Duration timeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        this.timeout = timeout;
        this.clock = clock;
    }

    /** @throws InterruptedException when the service is shutting down */
    public Attempt send(URI url, String webhookId, String body, WebhookSigner signer) throws InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "mediajobs-webhooks/1")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, status, null);
            }
            return new Attempt(false, status, status >= 300 && status < 400
                    ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status);
        } catch (IOException e) {
            return new Attempt(false, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
