package dev.mediajobs.providers.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * OkHttp's name resolution, replaced by {@link OutboundPolicy}: the client connects to exactly the addresses that
 * were checked in this very lookup, so a name cannot pass the check with a public answer and then be connected to a
 * private one (DNS rebinding).
 */
final class GuardedDns implements Dns {

    private final OutboundPolicy policy;

    GuardedDns(OutboundPolicy policy) {
        this.policy = policy;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        try {
            return policy.lookup(hostname);
        } catch (BlockedUrlException e) {
            // OkHttp's contract allows only UnknownHostException here; the refusal travels as its cause
            UnknownHostException refused = new UnknownHostException(e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }
}
