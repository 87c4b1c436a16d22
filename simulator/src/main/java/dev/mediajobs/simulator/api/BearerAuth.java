package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code Authorization: Bearer <key>}. With a configured key only that key passes; without one any non-empty key
 * does. A passing key that starts with {@code nocredit} is answered 402, so clients can test running out of credits.
 * Error messages never repeat the key.
 */
final class BearerAuth {

    static final String NO_CREDIT_PREFIX = "nocredit";
    private static final String PREFIX = "Bearer ";

    private final byte[] expectedKey;

    BearerAuth(String apiKey) {
        this.expectedKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    void check(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw ApiError.unauthorized("send Authorization: Bearer <api key>");
        }
        String key = header.substring(PREFIX.length()).trim();
        if (key.isEmpty()) {
            throw ApiError.unauthorized("the bearer key is empty");
        }
        // constant-time comparison: a simulator, but the habit matters
        if (expectedKey != null && !MessageDigest.isEqual(expectedKey, key.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.unauthorized("the API key is not valid");
        }
        if (key.startsWith(NO_CREDIT_PREFIX)) {
            throw ApiError.insufficientCredits();
        }
    }
}
