package dev.mediajobs.providers.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP literal parsing and printing, without {@link InetAddress#getByName} (which accepts {@code 127.1},
 * decimal and, depending on the JDK, octal forms, and which turns {@code ::ffff:a.b.c.d} into IPv4 before we can
 * see it).
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The 4 bytes of a canonical dotted quad ({@code 0-255}, no leading zeros, nothing else), or null. */
    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int value = Integer.parseInt(p);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** The 16 bytes of an IPv6 address in RFC 4291 text form (no brackets, no zone), or null. */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            put(bytes, i, headGroups[i]);
        }
        for (int i = 0; i < tailGroups.length; i++) {
            put(bytes, 8 - tailGroups.length + i, tailGroups[i]);
        }
        return bytes;
    }

    /** 16-bit groups of one side of "::"; a dotted quad may end the last side and counts as two groups. */
    private static int[] groups(String side, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int extra = 0;
        byte[] v4 = null;
        String last = parts[parts.length - 1];
        if (last.contains(".")) {
            v4 = mayEndInIpv4 ? parseIpv4(last) : null;
            if (v4 == null) {
                return null;
            }
            extra = 1;
        }
        int[] groups = new int[parts.length + extra];
        for (int i = 0; i < parts.length - (v4 == null ? 0 : 1); i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4 || p.contains(".")) {
                return null;
            }
            groups[i] = Integer.parseInt(p, 16);
        }
        if (v4 != null) {
            groups[parts.length - 1] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            groups[parts.length] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return groups;
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >>> 8);
        bytes[2 * group + 1] = (byte) value;
    }

    /** An address from bytes, never touching DNS (an IPv4-mapped IPv6 address comes back as IPv4, as the JDK does). */
    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, impossible);
        }
    }

    /** Dotted quad, or RFC 5952 IPv6 text (lower case, longest zero run as "::"). */
    static String format(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
