package dev.mediajobs.providers.http;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a job's input file (the {@code input.imageUrls} entry) for providers that take the bytes as an upload
 * instead of a URL, e.g. OpenAI's image edits and Stability's image-to-video. Reads at most a given number of bytes,
 * so a huge or endless answer cannot exhaust the heap.
 *
 * <p>The request carries no provider header: the file lives on a third-party host, which must never see an API key.
 * A file that cannot be had (4xx, too large, empty, not http(s)) is the caller's input: {@link Kind#INVALID_REQUEST};
 * a host that is down (5xx, 429, connection failure) is {@link Kind#TRANSIENT}. Messages name the URL without its
 * query, which for presigned URLs holds a signature.
 */
public final class InputFiles {

    /** The bytes of an input file and the content type its host declared (null when it declared none). */
    public record InputFile(byte[] bytes, String contentType) {
    }

    private final String provider;
    private final HttpClient client;
    private final Duration requestTimeout;

    public InputFiles(String provider, Duration connectTimeout, Duration requestTimeout) {
        this.provider = provider;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // file hosts and CDNs redirect; NORMAL never follows https → http
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public InputFile fetch(String url, long maxBytes) throws ProviderException {
        URI uri = httpUri(url);
        String where = withoutQuery(uri);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ProviderException(Kind.TRANSIENT, provider, "could not fetch the input file " + where + ": "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.TRANSIENT, provider, "interrupted while fetching the input file " + where, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                Kind kind = status == 429 || status == 408 || status >= 500 ? Kind.TRANSIENT : Kind.INVALID_REQUEST;
                throw new ProviderException(kind, provider, null, "the input file " + where + " answered HTTP " + status,
                        kind == Kind.TRANSIENT ? ProviderHttp.retryAfter(response).orElse(null) : null);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(where, maxBytes);
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(where, maxBytes);
            }
            if (bytes.length == 0) {
                throw new ProviderException(Kind.INVALID_REQUEST, provider, null, "the input file " + where + " is empty", null);
            }
            return new InputFile(bytes, response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new ProviderException(Kind.TRANSIENT, provider, "could not read the input file " + where + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private URI httpUri(String url) throws ProviderException {
        try {
            URI uri = url == null ? null : URI.create(url.trim());
            if (uri != null && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below
        }
        throw new ProviderException(Kind.INVALID_REQUEST, provider, null, "the input file URL is not an absolute http(s) URL", null);
    }

    private ProviderException tooLarge(String where, long maxBytes) {
        return new ProviderException(Kind.INVALID_REQUEST, provider, null,
                "the input file " + where + " is larger than " + provider + " accepts (" + maxBytes + " bytes)", null);
    }

    /** scheme://host[:port]/path: no user info, no query (a presigned URL's signature), no fragment. */
    static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
