package dev.mediajobs.providers.http;

import java.net.URI;

/** Whether a text is a URL a provider can fetch or a storage service can download: absolute http(s) with a host. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** False for null, a relative URL, another scheme, or text that is no URI at all. */
    public static boolean isHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
