package dev.mediajobs.providers.outbound;

import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/** OkHttp clients whose DNS answers only the addresses OutboundPolicy validated (no DNS rebinding), redirects never followed. */
public final class GuardedHttpClients {

    private GuardedHttpClients() {
    }

    /**
     * A client for user-supplied URLs. A refused URL fails the call with an {@link java.io.IOException} whose cause
     * is the {@link BlockedUrlException} (see {@link #blocked}); nothing is sent. Redirects come back as 3xx
     * responses: a caller that follows one must check its target again (this client will, when it is called).
     */
    public static OkHttpClient create(OutboundPolicy policy, Duration connectTimeout, Duration readTimeout) {
        Objects.requireNonNull(policy, "policy");
        return new OkHttpClient.Builder()
                .dns(new GuardedDns(policy))
                .addInterceptor(new GuardedUrlInterceptor(policy))
                // through a proxy the DNS would only see the proxy's name and the proxy would reach the private address
                .proxy(Proxy.NO_PROXY)
                // a redirect is a new URL the caller has to judge (webhooks: a 3xx is a failed delivery)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .build();
    }

    /** The refusal behind a failed call of a guarded client, if that is why it failed. */
    public static Optional<BlockedUrlException> blocked(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof BlockedUrlException blocked) {
                return Optional.of(blocked);
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
        }
        return Optional.empty();
    }
}
