package dev.mediajobs.providers.outbound;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Checks every request's URL before OkHttp connects. Needed besides {@link GuardedDns} because OkHttp never asks
 * the DNS about an IP literal ({@code http://10.0.0.5/}, {@code http://[::1]/}) and because user info and name
 * rules (metadata, localhost) are about the URL, not the addresses.
 */
final class GuardedUrlInterceptor implements Interceptor {

    private final OutboundPolicy policy;

    GuardedUrlInterceptor(OutboundPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            policy.precheck(chain.request().url().uri());
        } catch (BlockedUrlException e) {
            throw new IOException(e.getMessage(), e);
        }
        return chain.proceed(chain.request());
    }
}
