package dev.mediajobs.providers.kie;

import java.util.regex.Pattern;

/**
 * The provider task id we hand out: {@code <route>:<Kie task id>}, e.g. {@code veo:8f2c…} or
 * {@code veo-1080p:8f2c…}. Kie's families each have their own record-info endpoint and a poll knows only the task,
 * its model and operation, not the options it was submitted with; the route says which endpoint to ask (and, for
 * Veo, whether to fetch the 1080p video), whatever option picked the family. An id without a route (one Kie issued,
 * or an older id) is polled by the family of its model and operation.
 *
 * @param route null when the id carries none
 */
record KieTaskId(String route, String kieTaskId) {

    /** Family ids and routes are lower-case words with dashes: Kie's own ids (hex, UUIDs) carry no colon. */
    private static final Pattern ROUTE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    static KieTaskId parse(String providerTaskId) {
        String id = providerTaskId.trim();
        int colon = id.indexOf(':');
        if (colon > 0 && colon < id.length() - 1 && ROUTE.matcher(id.substring(0, colon)).matches()) {
            return new KieTaskId(id.substring(0, colon), id.substring(colon + 1));
        }
        return new KieTaskId(null, id);
    }

    String wire() {
        return route == null ? kieTaskId : route + ":" + kieTaskId;
    }
}
