package dev.mediajobs.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Job ids. A job submitted with an idempotency key (REST {@code Idempotency-Key}, or {@code requestId} on Kafka) gets
 * a name-based UUID (version 5) of tenant and key (each in a namespace of its own), so a retried request names the same job even when Redis has
 * forgotten the key, and every consumer can de-duplicate by job id.
 */
public final class JobIds {

    /** The namespace of mediajobs' name-based ids (a fixed random UUID). */
    private static final UUID NAMESPACE = UUID.fromString("6f1d3c1e-5b7a-4f0e-9c55-2a4f8e3b9d10");

    private JobIds() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    public static String fromIdempotencyKey(String tenant, String key) {
        // length-prefixed so that no (tenant, key) pair can collide with another by moving characters across
        return nameBased(tenant.length() + ":" + tenant + "\n" + key).toString();
    }

    /**
     * For a request published straight onto Kafka with a {@code requestId}. A namespace of its own, so that a REST
     * Idempotency-Key and a Kafka requestId that happen to be equal never name the same job.
     */
    public static String fromRequestId(String tenant, String requestId) {
        return nameBased("kafka-request\n" + tenant.length() + ":" + tenant + "\n" + requestId).toString();
    }

    /** For a request published straight onto Kafka without any id: stable across re-deliveries of that record. */
    public static String fromRecordPosition(String topic, int partition, long offset) {
        return nameBased("record\n" + topic + "\n" + partition + "\n" + offset).toString();
    }

    static UUID nameBased(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits())
                    .array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
            ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bb.getLong(), bb.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
