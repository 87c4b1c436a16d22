package dev.mediajobs.providers.outbound;

/** An address block, IPv4 or IPv6, such as {@code 10.0.0.0/8}; a bare address is a block of one. */
record Cidr(byte[] network, int prefixLength) {

    /** Parses {@code address} or {@code address/prefix}; the address must be a canonical literal (IPv6 may be bracketed). */
    static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (addressText.startsWith("[") && addressText.endsWith("]")) {
            addressText = addressText.substring(1, addressText.length() - 1);
        }
        byte[] address = addressText.contains(":") ? IpLiterals.parseIpv6(addressText) : IpLiterals.parseIpv4(addressText);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (!prefixText.matches("\\d{1,3}") || Integer.parseInt(prefixText) > bits) {
                throw new IllegalArgumentException("not a CIDR prefix length (0-" + bits + "): " + text);
            }
            prefix = Integer.parseInt(prefixText);
        }
        return new Cidr(address, prefix);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + prefixLength;
    }
}
