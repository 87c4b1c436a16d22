package dev.mediajobs.providers.http;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.outbound.BlockedUrlException;
import dev.mediajobs.providers.outbound.GuardedHttpClients;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches a job's input file (the {@code input.imageUrls} entry) for providers that take the bytes as an upload
 * instead of a URL, e.g. OpenAI's image edits and Stability's image-to-video. Reads at most a given number of bytes,
 * so a huge or endless answer cannot exhaust the heap.
 *
 * <p>The URL is the user's, so it is fetched by a {@link GuardedHttpClients guarded client}: the
 * {@link OutboundPolicy} (SSRF guard) checks it and the client connects only to the addresses that were checked;
 * nothing is sent to a refused URL. Redirects (file hosts and CDNs use them) are followed here, at most
 * {@value #MAX_REDIRECTS}, never from https to http, each target going through the same guard.
 *
 * <p>The request carries no provider header: the file lives on a third-party host, which must never see an API key.
 * A file that cannot be had (4xx, too large, empty, not http(s), refused by the guard) is the caller's input:
 * {@link Kind#INVALID_REQUEST}; a host that is down (5xx, 429, connection failure) is {@link Kind#TRANSIENT}.
 * Messages name the URL without its query, which for presigned URLs holds a signature.
 */
public final class InputFiles {

    /** The bytes of an input file and the content type its host declared (null when it declared none). */
    public record InputFile(byte[] bytes, String contentType) {
    }

    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final String provider;
    private final OkHttpClient client;

    public InputFiles(String provider, OutboundPolicy policy, Duration connectTimeout, Duration requestTimeout) {
        this.provider = provider;
        this.client = GuardedHttpClients.create(policy, connectTimeout, requestTimeout).newBuilder()
                // the whole exchange of one hop, as the request timeout of the JDK client was before
                .callTimeout(requestTimeout)
                .build();
    }

    public InputFile fetch(String url, long maxBytes) throws ProviderException {
        return fetch("the input file URL", url, maxBytes);
    }

    /**
     * @param field what to call the URL in a refusal, e.g. {@code input.imageUrls[0]}
     */
    public InputFile fetch(String field, String url, long maxBytes) throws ProviderException {
        URI uri = httpUri(url);
        for (int hop = 0; ; hop++) {
            Response response = send(field, uri, hop);
            URI next = hop < MAX_REDIRECTS ? redirectTarget(uri, response) : null;
            if (next == null) {
                return read(response, withoutQuery(uri), maxBytes);
            }
            response.close();
            uri = next;
        }
    }

    private Response send(String field, URI uri, int hop) throws ProviderException {
        String where = withoutQuery(uri);
        Request request;
        try {
            request = new Request.Builder().url(uri.toString()).get().build();
        } catch (IllegalArgumentException notForOkHttp) {
            throw new ProviderException(Kind.INVALID_REQUEST, provider, null, "the input file URL " + where + " is not a valid http(s) URL", null);
        }
        try {
            return client.newCall(request).execute();
        } catch (IOException e) {
            // the guarded client refuses before sending anything: the URL (every hop's) is the caller's problem
            BlockedUrlException blocked = GuardedHttpClients.blocked(e).orElse(null);
            if (blocked != null) {
                throw refused(field, uri, hop, blocked);
            }
            throw new ProviderException(Kind.TRANSIENT, provider, "could not fetch the input file " + where + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Where a redirect leads, or null when the response is not one to follow (then it is the answer). */
    private static URI redirectTarget(URI from, Response response) {
        String location = response.header("Location");
        if (!REDIRECTS.contains(response.code()) || location == null) {
            return null;
        }
        try {
            URI to = from.resolve(location.trim());
            boolean http = "http".equalsIgnoreCase(to.getScheme()) || "https".equalsIgnoreCase(to.getScheme());
            boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme());
            // like the JDK's Redirect.NORMAL: an https → http redirect is answered as the 3xx it is
            return http && !downgrade ? to : null;
        } catch (IllegalArgumentException badLocation) {
            return null;
        }
    }

    private InputFile read(Response response, String where, long maxBytes) throws ProviderException {
        try (response; InputStream body = response.body().byteStream()) {
            int status = response.code();
            if (status / 100 != 2) {
                Kind kind = status == 429 || status == 408 || status >= 500 ? Kind.TRANSIENT : Kind.INVALID_REQUEST;
                String retryAfter = response.header("Retry-After");
                throw new ProviderException(kind, provider, null, "the input file " + where + " answered HTTP " + status,
                        kind == Kind.TRANSIENT && retryAfter != null ? ProviderHttp.parseRetryAfter(retryAfter).orElse(null) : null);
            }
            long declared = contentLength(response);
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
            return new InputFile(bytes, response.header("Content-Type"));
        } catch (IOException e) {
            throw new ProviderException(Kind.TRANSIENT, provider, "could not read the input file " + where + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static long contentLength(Response response) {
        String header = response.header("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    private ProviderException refused(String field, URI uri, int hop, BlockedUrlException e) {
        String via = hop == 0 ? "" : " (redirected to " + withoutQuery(uri) + ")";
        return new ProviderException(Kind.INVALID_REQUEST, provider, null, field + via + ": " + e.getMessage(), null);
    }

    private URI httpUri(String url) throws ProviderException {
        try {
            URI uri = url == null ? null : URI.create(url.trim());
            if (uri != null && uri.getRawAuthority() != null
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
        String host = uri.getHost() != null ? uri.getHost() : hostOfAuthority(uri.getRawAuthority());
        return uri.getScheme() + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** For authorities java.net.URI could not split (e.g. 0x7f.1): everything after any user info. */
    private static String hostOfAuthority(String authority) {
        return authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
    }
}
