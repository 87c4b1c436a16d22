package dev.mediajobs.storage.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An HTTP client whose every answer is 200 with a {@code Content-Length} that the body does not keep. Over HTTP/1.1 the
 * JDK client itself notices a body cut short; over HTTP/2 the frames carry the body and a disagreeing
 * {@code Content-Length} reaches the caller, which is what this stands in for.
 */
public final class ShortBodyHttpClient extends HttpClient {

    private final long declared;
    private final byte[] body;
    private final AtomicInteger requests = new AtomicInteger();

    public ShortBodyHttpClient(long declared, byte[] body) {
        this.declared = declared;
        this.body = body.clone();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        requests.incrementAndGet();
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Length", List.of(Long.toString(declared)),
                "Content-Type", List.of("image/png")), (k, v) -> true);
        return (HttpResponse<T>) new Response(request, headers, new ByteArrayInputStream(body));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.completedFuture(send(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override public Optional<CookieHandler> cookieHandler() { return Optional.empty(); }
    @Override public Optional<Duration> connectTimeout() { return Optional.empty(); }
    @Override public Redirect followRedirects() { return Redirect.NEVER; }
    @Override public Optional<ProxySelector> proxy() { return Optional.empty(); }
    @Override public SSLContext sslContext() { return null; }
    @Override public SSLParameters sslParameters() { return null; }
    @Override public Optional<Authenticator> authenticator() { return Optional.empty(); }
    @Override public Version version() { return Version.HTTP_2; }
    @Override public Optional<Executor> executor() { return Optional.empty(); }

    private record Response(HttpRequest request, HttpHeaders headers, InputStream body) implements HttpResponse<InputStream> {
        @Override public int statusCode() { return 200; }
        @Override public Optional<HttpResponse<InputStream>> previousResponse() { return Optional.empty(); }
        @Override public Optional<SSLSession> sslSession() { return Optional.empty(); }
        @Override public URI uri() { return request.uri(); }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_2; }
    }
}
