package dev.mediajobs.api.webhooks.delivery;

import java.time.Instant;

/**
 * Writes deliveries in the one safe order: Kafka (the record) first, then Redis (the schedule). A crash between the two
 * leaves Redis behind Kafka, which at worst repeats an attempt (deliveries are at-least-once) and is repaired by a
 * rebuild; the other order could lose a pending delivery with Redis.
 */
public class DeliveryStore {

    /** What {@link #save} did. */
    public enum Saved { SAVED, LEASE_LOST }

    private final DeliveryLog log;
    private final DeliverySchedule schedule;

    public DeliveryStore(DeliveryLog log, DeliverySchedule schedule) {
        this.log = log;
        this.schedule = schedule;
    }

    /** Records and schedules a new delivery. @return false when it existed already (a re-delivered event) */
    public boolean create(Delivery delivery) {
        if (schedule.exists(delivery.id())) {
            return false;
        }
        log.record(delivery);
        return schedule.create(delivery);
    }

    /** Records the delivery after an attempt and schedules what follows, while the claim is still ours. */
    public Saved save(Delivery delivery, ClaimedDelivery claim, Instant now) {
        // checked before Kafka too: an instance whose lease ran out must not overwrite the record of the one that took over
        if (!schedule.holdsLease(claim)) {
            return Saved.LEASE_LOST;
        }
        log.record(delivery);
        return schedule.save(delivery, claim, now) ? Saved.SAVED : Saved.LEASE_LOST;
    }

    /** Publishes the dead letter of an exhausted delivery (before its exhausted state is saved). */
    public void deadLetter(Delivery exhausted, Instant now) {
        log.deadLetter(exhausted, now);
    }
}
