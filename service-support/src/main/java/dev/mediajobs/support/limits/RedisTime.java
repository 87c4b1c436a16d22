package dev.mediajobs.support.limits;

/**
 * The Lua prelude every limiter script starts with: the time is Redis's own clock, so instances whose clocks disagree
 * still count one and the same window, and a Retry-After written by one instance means the same moment to all.
 * (Scripts are replicated by effects since Redis 5, so reading TIME before writing is allowed.)
 */
final class RedisTime {

    static final String NOW_MILLIS = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private RedisTime() {
    }

    static long asLong(Object reply) {
        if (reply instanceof Long l) {
            return l;
        }
        if (reply instanceof byte[] bytes) {
            return Long.parseLong(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (reply instanceof String s) {
            return Long.parseLong(s);
        }
        throw new IllegalStateException("unexpected Redis script reply: " + reply);
    }

    static String asString(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    /** A script's {@code {granted, waitMillis, reason}} reply. */
    static LimitDecision decision(Object reply) {
        java.util.List<?> r = (java.util.List<?>) reply;
        if (asLong(r.get(0)) == 1) {
            return LimitDecision.ok();
        }
        return LimitDecision.waitFor(asLong(r.get(1)), asString(r.get(2)));
    }
}
