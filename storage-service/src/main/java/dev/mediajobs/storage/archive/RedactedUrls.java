package dev.mediajobs.storage.archive;

import java.net.URI;

/**
 * Provider download URLs often carry a signed token in the query string; job errors and logs show only scheme, host,
 * port and path.
 */
final class RedactedUrls {

    private RedactedUrls() {
    }

    static String of(URI uri) {
        StringBuilder b = new StringBuilder();
        if (uri.getScheme() != null) {
            b.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            b.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            b.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            b.append(uri.getRawPath());
        }
        return b.toString();
    }

    /** Removes the URL's query (raw and decoded) from text that might quote it, e.g. an exception message. */
    static String scrub(String text, URI uri) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : new String[] {uri.getRawQuery(), uri.getQuery(), uri.getRawUserInfo(), uri.getUserInfo()}) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "[redacted]");
            }
        }
        return result;
    }
}
