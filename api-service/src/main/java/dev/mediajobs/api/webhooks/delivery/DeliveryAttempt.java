package dev.mediajobs.api.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One recorded attempt.
 *
 * @param number         1 for the first attempt of the delivery, counting scheduled and manual ones alike
 * @param statusCode     the receiver's HTTP status, null when there was no answer
 * @param error          what went wrong, for people (never a secret or a URL's query); null on success
 * @param durationMillis from sending the request to the answer (or the failure)
 * @param manual         whether a redeliver call asked for it; manual attempts do not advance the retry schedule
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAttempt(int number, Instant at, AttemptOutcome outcome, Integer statusCode, String error,
                              long durationMillis, boolean manual) {
}
