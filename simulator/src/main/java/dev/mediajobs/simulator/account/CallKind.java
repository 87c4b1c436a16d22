package dev.mediajobs.simulator.account;

import java.util.Locale;

/** The API calls a provider counts against an account. Output downloads are not among them: those come from a CDN. */
public enum CallKind {
    /** {@code POST /v1/tasks} */
    SUBMIT,
    /** {@code GET /v1/tasks/{id}}: a poll */
    STATUS,
    /** {@code GET /v1/tasks?clientTaskId=} */
    LOOKUP,
    /** {@code POST /v1/tasks/{id}/cancel} */
    CANCEL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
