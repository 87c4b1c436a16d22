package dev.mediajobs.providers.outbound;

/**
 * A URL that mediajobs refuses to fetch or call on a user's behalf. The message is meant for the user (it names the
 * offending host or address, never a query string or credentials) and reads well after a field name, e.g.
 * {@code "webhookUrl " + e.getMessage()}; {@link #reason()} is a short machine-readable reason.
 */
public class BlockedUrlException extends Exception {

    private final String reason;

    public BlockedUrlException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Why the URL is refused: {@code scheme}, {@code userinfo}, {@code invalid_host}, {@code ambiguous_ip},
     * {@code ipv6_zone}, {@code metadata}, {@code unresolvable}, or the class of a forbidden address:
     * {@code loopback}, {@code unspecified}, {@code private}, {@code cgnat}, {@code link_local}, {@code multicast},
     * {@code broadcast}, {@code reserved}, {@code benchmark}, {@code documentation}, {@code teredo}.
     */
    public String reason() {
        return reason;
    }
}
