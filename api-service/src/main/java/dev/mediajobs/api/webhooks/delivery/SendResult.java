package dev.mediajobs.api.webhooks.delivery;

import java.time.Duration;

/**
 * What one HTTP attempt came to.
 *
 * @param statusCode null when no answer came
 * @param error      for people; never the URL's query or a secret; null on success
 * @param retryAfter the receiver's {@code Retry-After} on a 429 or 503, else null
 */
public record SendResult(AttemptOutcome outcome, Integer statusCode, String error, Duration retryAfter, Duration duration) {
}
