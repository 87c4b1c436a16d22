package dev.mediajobs.dispatcher;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JsonCodec;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the dispatcher has done with a job, as stored under {@link dev.mediajobs.support.redis.RedisKeys#dispatch}.
 * The stored value is one of:
 * <pre>
 * submitting &lt;provider&gt; &lt;keyId&gt; &lt;since&gt;  a provider submit is under way (or was, if its dispatcher died), or
 *                                         got no answer: the task may exist at that provider under that key
 * publishing &lt;snapshot JSON&gt;              the outcome (version 2) is decided but may not be on Kafka yet
 * submitted &lt;providerTaskId&gt; &lt;keyId&gt;       the submitted snapshot is on Kafka: never submit or publish again
 * closed &lt;state&gt;                           the failed/canceled snapshot is on Kafka: never submit or publish again
 * </pre>
 * Records written before fallbacks existed say {@code submitting <keyId> <since>} (the job's own provider) or a bare
 * {@code submitting}; they are still read.
 */
public sealed interface DispatchRecord {

    /** Nothing recorded: the job was never claimed (or Redis forgot it). */
    record None() implements DispatchRecord {
    }

    /**
     * @param provider the provider the submit went to (a fallback's, possibly), or null for the job's own provider
     * @param keyId    the name of the API key the submit used, or null
     * @param since    when the submit was started, or null
     */
    record Submitting(String provider, String keyId, Instant since) implements DispatchRecord {
    }

    /** The decided outcome, to be published again when its dispatcher died before Kafka acknowledged it. */
    record Publishing(Job snapshot) implements DispatchRecord {
    }

    record Submitted(String providerTaskId, String keyId) implements DispatchRecord {
    }

    record Closed(String state) implements DispatchRecord {
    }

    String SUBMITTING = "submitting";
    String PUBLISHING = "publishing";
    String SUBMITTED = "submitted";
    String CLOSED = "closed";

    static DispatchRecord parse(String value) {
        if (value == null || value.isBlank()) {
            return new None();
        }
        String[] parts = value.split(" ", 2);
        String rest = parts.length > 1 ? parts[1] : "";
        return switch (parts[0]) {
            case SUBMITTING -> {
                String[] p = rest.isEmpty() ? new String[0] : rest.split(" ");
                yield switch (p.length) {
                    case 0 -> new Submitting(null, null, null);
                    case 1 -> new Submitting(null, p[0], null);
                    case 2 -> new Submitting(null, p[0], instant(p[1])); // written before fallbacks existed
                    default -> new Submitting(p[0], p[1], instant(p[2]));
                };
            }
            case PUBLISHING -> new Publishing(JsonCodec.fromJson(rest, Job.class));
            case SUBMITTED -> {
                // the key name is the last word; the task id is the rest, in case a provider's ids contain spaces
                int lastSpace = rest.lastIndexOf(' ');
                yield lastSpace < 0 ? new Submitted(rest, null)
                        : new Submitted(rest.substring(0, lastSpace), rest.substring(lastSpace + 1));
            }
            case CLOSED -> new Closed(rest);
            // a value this version does not know: treat it as done, never risk a second (paid) submit
            default -> new Closed(value);
        };
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
