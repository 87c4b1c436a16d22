package dev.mediajobs.api.callbacks;

import java.util.regex.Pattern;

/** Keeps callback tokens out of log lines that would otherwise print a request path. */
public final class CallbackPaths {

    private static final Pattern TOKEN = Pattern.compile("(" + Pattern.quote(CallbackController.PATH_PREFIX) + "[^/?#]*/)[^/?#]+");
    private static final Pattern UNPRINTABLE = Pattern.compile("[^A-Za-z0-9._:-]");
    private static final int MAX_PRINTED = 64;

    private CallbackPaths() {
    }

    /** The path with the token of a callback path replaced by {@code ***}; any other path as it is. */
    public static String redact(String path) {
        return path == null ? null : TOKEN.matcher(path).replaceAll("$1***");
    }

    /** An id from an unverified request, made safe to log: short, and without characters that could forge lines. */
    static String printable(String id) {
        if (id == null) {
            return "null";
        }
        String shortened = id.length() > MAX_PRINTED ? id.substring(0, MAX_PRINTED) + "..." : id;
        return UNPRINTABLE.matcher(shortened).replaceAll("?");
    }
}
