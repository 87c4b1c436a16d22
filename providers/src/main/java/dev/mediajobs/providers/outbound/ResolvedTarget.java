package dev.mediajobs.providers.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/** A URL that passed {@link OutboundPolicy#check} and the addresses its host stood for at that moment, all allowed. */
public record ResolvedTarget(URI uri, List<InetAddress> addresses) {

    public ResolvedTarget {
        addresses = List.copyOf(addresses);
    }
}
