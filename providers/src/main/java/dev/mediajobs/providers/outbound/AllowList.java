package dev.mediajobs.providers.outbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Exemptions from the public-address rule, for development and tests: host names (exact, case-insensitive), IP
 * literals and CIDR blocks. A malformed entry is a configuration error and fails at startup.
 */
final class AllowList {

    static final AllowList EMPTY = new AllowList(Set.of(), List.of(), List.of());

    private final Set<String> names;
    private final List<Cidr> blocks;
    private final List<String> entries;

    private AllowList(Set<String> names, List<Cidr> blocks, List<String> entries) {
        this.names = names;
        this.blocks = blocks;
        this.entries = entries;
    }

    static AllowList of(Collection<String> entries) {
        Set<String> names = new HashSet<>();
        List<Cidr> blocks = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            String e = entry == null ? "" : entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            kept.add(e);
            if (e.contains("/") || e.contains(":") || e.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
                blocks.add(Cidr.parse(e));
                continue;
            }
            try {
                Host host = Host.parse(e);
                if (host.isLiteral()) {
                    throw new IllegalArgumentException("allow-list entry " + e + " looks like an IP address but is not canonical");
                }
                names.add(host.name());
            } catch (BlockedUrlException notAHost) {
                throw new IllegalArgumentException("allow-list entry " + e + " is neither a host name, an IP address nor a CIDR block: "
                        + notAHost.getMessage());
            }
        }
        return new AllowList(Set.copyOf(names), List.copyOf(blocks), List.copyOf(kept));
    }

    boolean permitsName(String name) {
        return name != null && names.contains(name.toLowerCase(Locale.ROOT));
    }

    boolean permitsAddress(byte[] address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
