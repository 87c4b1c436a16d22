package dev.mediajobs.providers.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The SSRF guard for every URL mediajobs fetches or calls on a user's behalf (webhook targets, input files): only
 * http(s), no user info, a strictly parsed host, and every address the host stands for public unicast (see
 * {@link AddressRules}). Checking is not enough on its own, because a name can resolve differently a moment later
 * (DNS rebinding): connect through {@link GuardedHttpClients}, whose DNS answers exactly the addresses checked here.
 *
 * <p>Immutable and thread-safe. {@link #strict()} allows only public addresses; {@link #allowing} exempts host
 * names, IP literals and CIDR blocks, for development and tests (setting {@value #ALLOW_LIST_PROPERTY}).
 */
public final class OutboundPolicy {

    /** The setting that feeds {@link #allowing}; named in refusals so that an operator knows where to look. */
    public static final String ALLOW_LIST_PROPERTY = "mediajobs.outbound.allow-list";

    private static final String PUBLIC_ONLY = "; mediajobs only calls public addresses (allow-list: " + ALLOW_LIST_PROPERTY + ")";
    /** Cloud instance metadata services, by the names their platforms document. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private final AllowList allowList;
    private final Resolver resolver;

    OutboundPolicy(AllowList allowList, Resolver resolver) {
        this.allowList = Objects.requireNonNull(allowList);
        this.resolver = Objects.requireNonNull(resolver);
    }

    /** Test seam: resolve names with {@code resolver} instead of DNS. */
    OutboundPolicy(Collection<String> allowList, Resolver resolver) {
        this(AllowList.of(allowList), resolver);
    }

    /** Only public unicast addresses. */
    public static OutboundPolicy strict() {
        return new OutboundPolicy(AllowList.EMPTY, Resolver.SYSTEM);
    }

    /**
     * Entries are host names, IP literals or CIDRs that are exempt from the private-address rule (development, tests).
     *
     * @throws IllegalArgumentException for an entry that is none of these
     */
    public static OutboundPolicy allowing(Collection<String> allowList) {
        return new OutboundPolicy(AllowList.of(allowList), Resolver.SYSTEM);
    }

    /** Checks scheme (http/https only), parses the host strictly, resolves it and checks EVERY address. */
    public ResolvedTarget check(URI uri) throws BlockedUrlException {
        Host host = precheck(uri);
        return new ResolvedTarget(uri, host.isLiteral() ? List.of(IpLiterals.address(host.literal())) : resolve(host));
    }

    /**
     * Everything {@link #check} does except resolving a name: for an IP literal that is the whole check. Used where
     * resolution happens later, inside {@link GuardedDns}.
     */
    Host precheck(URI uri) throws BlockedUrlException {
        if (uri == null || uri.getScheme() == null) {
            throw new BlockedUrlException("scheme", "must be an absolute http or https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedUrlException("scheme", "must be an http or https URL, not " + scheme);
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw Host.invalid();
        }
        if (authority.contains("@")) {
            // user info is never needed to fetch a public file, and "trusted.example@evil.example" fools readers
            throw new BlockedUrlException("userinfo", "must not carry user info (user@host) in its authority");
        }
        Host host = Host.parse(hostPart(authority));
        if (host.isLiteral()) {
            checkLiteral(host);
        } else {
            checkName(host);
        }
        return host;
    }

    /**
     * Resolves a host name as given to a DNS lookup and checks every address: what {@link GuardedDns} answers.
     */
    List<InetAddress> lookup(String hostname) throws BlockedUrlException {
        Host host = Host.parse(hostname);
        if (host.isLiteral()) {
            checkLiteral(host);
            return List.of(IpLiterals.address(host.literal()));
        }
        checkName(host);
        return resolve(host);
    }

    private void checkLiteral(Host host) throws BlockedUrlException {
        byte[] written = host.literal();
        byte[] effective = IpLiterals.address(written).getAddress();
        if (allowList.permitsAddress(written) || allowList.permitsAddress(effective)) {
            return;
        }
        AddressRules.Verdict verdict = AddressRules.refusal(written);
        if (verdict != null) {
            throw new BlockedUrlException(verdict.reason(), "host " + host.display() + " is " + verdict.description() + PUBLIC_ONLY);
        }
        if (host.zone() != null) {
            // a zone only makes sense on a link; a public address never needs one
            throw new BlockedUrlException("ipv6_zone", "host " + host.display() + " carries an IPv6 zone id"
                    + PUBLIC_ONLY);
        }
    }

    private void checkName(Host host) throws BlockedUrlException {
        String name = host.name();
        if (allowList.permitsName(name)) {
            return;
        }
        if (METADATA_NAMES.contains(name)) {
            throw new BlockedUrlException("metadata", "host " + name + " is a cloud metadata endpoint" + PUBLIC_ONLY);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            // RFC 6761: always the local machine, whatever DNS says
            throw new BlockedUrlException("loopback", "host " + name + " is the local machine, a loopback address" + PUBLIC_ONLY);
        }
    }

    private List<InetAddress> resolve(Host host) throws BlockedUrlException {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.name());
        } catch (UnknownHostException | SecurityException e) {
            addresses = List.of();
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new BlockedUrlException("unresolvable", "host " + host.name() + " does not resolve to any address");
        }
        if (allowList.permitsName(host.name())) {
            return List.copyOf(addresses);
        }
        List<InetAddress> checked = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            byte[] bytes = address.getAddress();
            AddressRules.Verdict verdict = allowList.permitsAddress(bytes) ? null : AddressRules.refusal(bytes);
            if (verdict != null) {
                // one bad address is enough: a client may pick any of them, and attackers mix public and private answers
                throw new BlockedUrlException(verdict.reason(), "host resolves to " + IpLiterals.format(bytes) + ", "
                        + verdict.description() + PUBLIC_ONLY);
            }
            checked.add(address);
        }
        return List.copyOf(checked);
    }

    /** The host of an authority without user info: brackets kept for IPv6, the port dropped. */
    private static String hostPart(String authority) throws BlockedUrlException {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || !validPort(authority.substring(close + 1))) {
                throw Host.invalid();
            }
            return authority.substring(0, close + 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !validPort(authority.substring(colon))) {
            throw Host.invalid();
        }
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** Empty, or ":" and at most 5 digits up to 65535 (RFC 3986 allows an empty port). */
    private static boolean validPort(String suffix) {
        if (suffix.isEmpty() || suffix.equals(":")) {
            return true;
        }
        return suffix.matches(":[0-9]{1,5}") && Integer.parseInt(suffix.substring(1)) <= 65535;
    }

    @Override
    public String toString() {
        return "OutboundPolicy[allowList=" + allowList + "]";
    }
}
