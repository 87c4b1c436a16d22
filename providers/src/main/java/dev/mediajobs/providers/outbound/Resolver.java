package dev.mediajobs.providers.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution, a seam so that tests can map names to any address without DNS. */
@FunctionalInterface
interface Resolver {

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Never called with an IP literal. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
