package dev.mediajobs.api.webhooks.delivery;

/**
 * A delivery this instance claimed from the due set.
 *
 * @param dueAtMillis      when it was due (for lateness)
 * @param leaseUntilMillis the score the claim wrote: the fencing token of every write that follows the attempt
 */
public record ClaimedDelivery(String deliveryId, long dueAtMillis, long leaseUntilMillis) {
}
