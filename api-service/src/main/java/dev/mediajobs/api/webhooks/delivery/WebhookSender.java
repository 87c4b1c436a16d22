package dev.mediajobs.api.webhooks.delivery;

import dev.mediajobs.api.webhooks.WebhookSigner;
import dev.mediajobs.providers.outbound.BlockedUrlException;
import dev.mediajobs.providers.outbound.GuardedHttpClients;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One delivery attempt: POST the event JSON with the Standard Webhooks headers, a fresh {@code webhook-timestamp}
 * each time (receivers reject old ones). The client is a guarded one ({@code GuardedHttpClients}): it checks the URL
 * against the outbound policy on every attempt (DNS may have changed since the subscription), connects only to the
 * addresses it checked, and never follows a redirect: a 3xx is a failed attempt.
 */
public class WebhookSender {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final Clock clock;

    /** @param client a client from {@code GuardedHttpClients} with the response timeout as its call timeout */
    public WebhookSender(OkHttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public SendResult send(String url, String webhookId, String body, WebhookSigner signer) {
        long started = System.nanoTime();
        HttpUrl httpUrl;
        try {
            httpUrl = HttpUrl.get(url);
        } catch (IllegalArgumentException e) {
            return new SendResult(AttemptOutcome.BLOCKED, null, "the URL is not a valid http(s) URL", null, elapsed(started));
        }
        long timestamp = clock.instant().getEpochSecond();
        Request request = new Request.Builder()
                .url(httpUrl)
                .header("User-Agent", "mediajobs-webhooks/1")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            // the body is never read: a receiver's answer is its status, and a huge body must not cost us memory
            return classify(response, elapsed(started));
        } catch (IOException | RuntimeException e) {
            Optional<BlockedUrlException> blocked = GuardedHttpClients.blocked(e);
            if (blocked.isPresent()) {
                // nothing was sent; the message names the host or address, never the path or query
                return new SendResult(AttemptOutcome.BLOCKED, null, "refused by the outbound policy: the URL "
                        + blocked.get().getMessage(), null, elapsed(started));
            }
            String error = e instanceof InterruptedIOException ? "no answer within the timeout" : describe(e, url, httpUrl);
            return new SendResult(AttemptOutcome.NETWORK_ERROR, null, error, null, elapsed(started));
        }
    }

    private SendResult classify(Response response, Duration duration) {
        int status = response.code();
        if (status >= 200 && status < 300) {
            return new SendResult(AttemptOutcome.SUCCESS, status, null, null, duration);
        }
        if (status == 410) {
            return new SendResult(AttemptOutcome.GONE, status, "HTTP 410 Gone: the receiver wants no more deliveries",
                    null, duration);
        }
        if (status >= 300 && status < 400) {
            return new SendResult(AttemptOutcome.REDIRECT, status, "HTTP " + status + ": redirects are not followed",
                    null, duration);
        }
        Duration retryAfter = status == 429 || status == 503
                ? RetryAfter.parse(response.header("Retry-After"), clock.instant()) : null;
        return new SendResult(AttemptOutcome.HTTP_ERROR, status, "HTTP " + status, retryAfter, duration);
    }

    /** The exception in a few words, with the URL cut to its host: its path or query may carry a token. */
    private static String describe(Exception e, String url, HttpUrl httpUrl) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace(url, httpUrl.host());
        String text = e.getClass().getSimpleName() + message;
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
