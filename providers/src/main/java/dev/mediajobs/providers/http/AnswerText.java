package dev.mediajobs.providers.http;

import tools.jackson.databind.JsonNode;

/** Text taken from a provider's answer into a job: the first of several fields, cut to a size a job can carry. */
public final class AnswerText {

    /** As much of a provider's text as a job's error keeps; the rest is cut off with an ellipsis. */
    private static final int MAX_CHARS = 500;

    private AnswerText() {
    }

    /** The first of the fields with a non-blank scalar text, or null. */
    public static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String text = ProviderHttp.text(node, field);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    /** At most {@link #MAX_CHARS} characters, with an ellipsis where it was cut. */
    public static String cut(String text) {
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    }
}
