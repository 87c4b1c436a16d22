package dev.mediajobs.providers.outbound;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host of a URL, parsed strictly: an IP literal ({@code literal} set, the bytes exactly as written, so an
 * IPv4-mapped IPv6 literal keeps its 16 bytes) or a DNS name ({@code name} set: lower case, one trailing dot
 * removed). Anything a browser, libc or the JDK might read as an IPv4 address in a non-canonical spelling
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}, {@code 127.0.0.1.}) is refused as
 * {@code ambiguous_ip}: those spellings exist mostly to slip past filters like this one.
 */
record Host(String text, String name, byte[] literal, String zone) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A label that, at the end of a host, makes the whole host an IPv4 address in WHATWG URL parsing. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    boolean isLiteral() {
        return literal != null;
    }

    /** For messages: IPv6 in brackets, as in a URL. */
    String display() {
        return isLiteral() && literal.length == 16 ? "[" + text + (zone == null ? "" : "%" + zone) + "]" : text;
    }

    /**
     * Parses a host as it appears in a URL authority (IPv6 in brackets) or as a resolver sees it (IPv6 bare).
     */
    static Host parse(String raw) throws BlockedUrlException {
        if (raw == null || raw.isEmpty()) {
            throw invalid();
        }
        String text = raw.toLowerCase(Locale.ROOT);
        boolean bracketed = text.startsWith("[") && text.endsWith("]");
        if (bracketed || text.contains(":")) {
            return ipv6(bracketed ? text.substring(1, text.length() - 1) : text, raw);
        }
        String withoutDot = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        String[] labels = withoutDot.split("\\.", -1);
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            byte[] ipv4 = withoutDot.equals(text) ? IpLiterals.parseIpv4(text) : null;
            if (ipv4 == null) {
                throw new BlockedUrlException("ambiguous_ip", "host " + raw + " is not a canonical IP address; write IPv4 as "
                        + "four decimal numbers 0-255 without leading zeros (a.b.c.d)");
            }
            return new Host(text, null, ipv4, null);
        }
        if (withoutDot.length() > 253) {
            throw invalid();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid();
            }
        }
        return new Host(withoutDot, withoutDot, null, null);
    }

    private static Host ipv6(String inBrackets, String raw) throws BlockedUrlException {
        int percent = inBrackets.indexOf('%');
        String address = percent < 0 ? inBrackets : inBrackets.substring(0, percent);
        String zone = percent < 0 ? null : inBrackets.substring(percent + 1);
        if (zone != null && zone.isEmpty()) {
            throw invalid();
        }
        byte[] bytes = IpLiterals.parseIpv6(address);
        if (bytes == null) {
            // a dotted quad inside IPv6 text gets the same strictness as a bare one
            if (address.contains(".")) {
                throw new BlockedUrlException("ambiguous_ip", "host " + raw + " is not a canonical IP address");
            }
            throw invalid();
        }
        return new Host(address, null, bytes, zone);
    }

    static BlockedUrlException invalid() {
        return new BlockedUrlException("invalid_host", "has no valid host name or IP address "
                + "(use an ASCII host name, punycode for international names, a dotted-quad IPv4 or a bracketed IPv6 address)");
    }
}
