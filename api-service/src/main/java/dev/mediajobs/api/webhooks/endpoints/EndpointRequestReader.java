package dev.mediajobs.api.webhooks.endpoints;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.api.webhooks.EventTypes;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JsonCodec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and checks a {@code POST /v1/webhook-endpoints} body: {@code url} (absolute http(s), no credentials, at most
 * 2048 characters), {@code events} (subscribable types; all of them when left out) and an optional
 * {@code description}. Unknown fields and wrong types are a 400 naming the field. Whether the URL may be called at all
 * (the outbound policy) is checked by the caller.
 */
public final class EndpointRequestReader {

    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_URL_CHARS = 2048;
    static final int MAX_DESCRIPTION_CHARS = 500;
    private static final Set<String> FIELDS = Set.of("url", "events", "description");

    private EndpointRequestReader() {
    }

    public static EndpointRequest read(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw ApiProblem.payloadTooLarge(MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JsonCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiProblem.malformedBody(null, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.malformedBody(null, "the request body must be a JSON object");
        }
        for (Iterator<String> names = root.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiProblem.malformedBody(cut(name), "unknown field '" + cut(name) + "'; expected url, events, description");
            }
        }
        return new EndpointRequest(url(root.get("url")), events(root.get("events")), description(root.get("description")));
    }

    private static URI url(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("url", ErrorCodes.FIELD_REQUIRED, "url is required");
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw invalid("url", ErrorCodes.FIELD_INVALID, "url must be an absolute http(s) URL");
        }
        String text = node.asString().trim();
        if (text.length() > MAX_URL_CHARS) {
            throw invalid("url", ErrorCodes.FIELD_INVALID, "url must be at most " + MAX_URL_CHARS + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("url", ErrorCodes.FIELD_INVALID, "url must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw invalid("url", ErrorCodes.FIELD_INVALID, "url must be an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url", ErrorCodes.FIELD_INVALID, "url must not contain credentials");
        }
        return uri;
    }

    private static List<String> events(JsonNode node) {
        if (node == null || node.isNull()) {
            return EventTypes.ALL;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid("events", ErrorCodes.FIELD_INVALID, "events must be a non-empty list of " + EventTypes.ALL);
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode type = node.get(i);
            if (!type.isString() || !EventTypes.isSubscribable(type.asString())) {
                throw invalid("events[" + i + "]", ErrorCodes.FIELD_INVALID, "events[" + i + "] must be one of " + EventTypes.ALL);
            }
            types.add(type.asString());
        }
        // in lifecycle order, whatever order they came in
        List<String> ordered = new ArrayList<>(EventTypes.ALL);
        ordered.retainAll(types);
        return List.copyOf(ordered);
    }

    private static String description(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid("description", ErrorCodes.FIELD_INVALID, "description must be a string");
        }
        if (node.asString().length() > MAX_DESCRIPTION_CHARS) {
            throw invalid("description", ErrorCodes.FIELD_INVALID,
                    "description must be at most " + MAX_DESCRIPTION_CHARS + " characters");
        }
        return node.asString();
    }

    static ApiProblem invalid(String field, String code, String message) {
        return ApiProblem.badParameter(field, code, message);
    }

    private static String cut(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
