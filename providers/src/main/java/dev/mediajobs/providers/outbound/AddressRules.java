package dev.mediajobs.providers.outbound;

import java.util.Arrays;
import java.util.List;

/**
 * Which addresses are not public unicast: the IANA special-purpose registries (RFC 6890 and successors) reduced to
 * what matters for a server-side fetcher. IPv6 is allowed only inside global unicast 2000::/3 (minus its special
 * blocks) and through NAT64/6to4/IPv4-mapped forms whose embedded IPv4 address is itself public.
 */
final class AddressRules {

    /** A refused address: the machine-readable reason and how the message describes it ("a private address"). */
    record Verdict(String reason, String description) {
    }

    private record Rule(Cidr block, Verdict verdict) {
        static Rule of(String cidr, String reason, String description) {
            return new Rule(Cidr.parse(cidr), new Verdict(reason, description));
        }
    }

    private static final Verdict METADATA = new Verdict("metadata", "a cloud metadata address");

    /** Instance metadata endpoints (AWS, GCP, Azure, OpenStack; ECS; Alibaba; Oracle): named, though ranges cover them. */
    private static final List<Cidr> METADATA_ADDRESSES = List.of(Cidr.parse("169.254.169.254"), Cidr.parse("169.254.170.2"),
            Cidr.parse("100.100.100.200"), Cidr.parse("192.0.0.192"), Cidr.parse("fd00:ec2::254"));

    private static final List<Rule> IPV4 = List.of(
            Rule.of("0.0.0.0/8", "unspecified", "an unspecified (this-network) address"),
            Rule.of("10.0.0.0/8", "private", "a private address"),
            Rule.of("100.64.0.0/10", "cgnat", "a carrier-grade NAT (shared) address"),
            Rule.of("127.0.0.0/8", "loopback", "a loopback address"),
            Rule.of("169.254.0.0/16", "link_local", "a link-local address"),
            Rule.of("172.16.0.0/12", "private", "a private address"),
            Rule.of("192.0.0.0/24", "reserved", "a reserved (IETF protocol) address"),
            Rule.of("192.0.2.0/24", "documentation", "a documentation address"),
            Rule.of("192.88.99.0/24", "reserved", "a reserved (6to4 relay) address"),
            Rule.of("192.168.0.0/16", "private", "a private address"),
            Rule.of("198.18.0.0/15", "benchmark", "a benchmarking address"),
            Rule.of("198.51.100.0/24", "documentation", "a documentation address"),
            Rule.of("203.0.113.0/24", "documentation", "a documentation address"),
            Rule.of("224.0.0.0/4", "multicast", "a multicast address"),
            Rule.of("255.255.255.255/32", "broadcast", "the broadcast address"),
            Rule.of("240.0.0.0/4", "reserved", "a reserved address"));

    private static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final Cidr IPV4_TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

    private static final List<Rule> IPV6 = List.of(
            Rule.of("::/128", "unspecified", "an unspecified address"),
            Rule.of("::1/128", "loopback", "a loopback address"),
            Rule.of("64:ff9b:1::/48", "private", "a local-use NAT64 address"),
            Rule.of("2001::/32", "teredo", "a Teredo tunnel address"),
            Rule.of("2001:2::/48", "benchmark", "a benchmarking address"),
            Rule.of("2001:db8::/32", "documentation", "a documentation address"),
            Rule.of("2001::/23", "reserved", "a reserved (IETF protocol) address"),
            Rule.of("3fff::/20", "documentation", "a documentation address"),
            Rule.of("fc00::/7", "private", "a unique local (private) address"),
            Rule.of("fe80::/10", "link_local", "a link-local address"),
            Rule.of("ff00::/8", "multicast", "a multicast address"));

    private AddressRules() {
    }

    /** Why the address may not be called, or null for a public unicast address. */
    static Verdict refusal(byte[] address) {
        if (METADATA_ADDRESSES.stream().anyMatch(block -> block.contains(address))) {
            return METADATA;
        }
        return address.length == 4 ? ipv4(address) : ipv6(address);
    }

    private static Verdict ipv4(byte[] address) {
        return first(IPV4, address);
    }

    private static Verdict ipv6(byte[] address) {
        Verdict special = first(IPV6, address);
        if (special != null) {
            return special;
        }
        // the embedded-IPv4 forms: each reaches (or pretends to reach) an IPv4 address, which decides
        if (IPV4_MAPPED.contains(address)) {
            return embedded("an IPv4-mapped", Arrays.copyOfRange(address, 12, 16), null);
        }
        if (NAT64.contains(address)) {
            return embedded("a NAT64", Arrays.copyOfRange(address, 12, 16), null);
        }
        if (SIX_TO_FOUR.contains(address)) {
            return embedded("a 6to4", Arrays.copyOfRange(address, 2, 6), null);
        }
        Verdict obsolete = new Verdict("reserved", "a reserved (obsolete IPv4-compatible or -translated) address");
        if (IPV4_COMPATIBLE.contains(address) || IPV4_TRANSLATED.contains(address)) {
            return embedded("an IPv4-compatible", Arrays.copyOfRange(address, 12, 16), obsolete);
        }
        return GLOBAL_UNICAST.contains(address) ? null : new Verdict("reserved", "a reserved (not global unicast) address");
    }

    /** The verdict on the embedded IPv4 address, phrased for the outer one; {@code otherwise} when that one is public. */
    private static Verdict embedded(String form, byte[] ipv4, Verdict otherwise) {
        Verdict inner = refusal(ipv4);
        if (inner == null) {
            return otherwise;
        }
        return new Verdict(inner.reason(), form + " address embedding " + IpLiterals.format(ipv4) + ", " + inner.description());
    }

    private static Verdict first(List<Rule> rules, byte[] address) {
        for (Rule rule : rules) {
            if (rule.block().contains(address)) {
                return rule.verdict();
            }
        }
        return null;
    }
}
