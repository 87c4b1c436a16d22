package dev.mediajobs.providers.kie;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request with its Kie model resolved (the job's model, or the family's default for the operation).
 *
 * @param model never null
 */
record KieJob(ProviderRequest request, String model) {

    /** Picks the family where the model does not: one of the family ids. */
    static final String FAMILY_OPTION = "kieFamily";
    /** Re-hosts the input URLs on Kie's file upload host before submitting. */
    static final String UPLOAD_OPTION = "uploadInputs";
    /** Extends an earlier Veo or Runway task (its Kie task id) instead of generating anew. */
    static final String EXTEND_OPTION = "extendTaskId";
    /** Options that steer the adapter and are never sent to Kie. */
    static final Set<String> ADAPTER_OPTIONS = Set.of(FAMILY_OPTION, UPLOAD_OPTION, EXTEND_OPTION);

    Operation operation() {
        return request.operation();
    }

    JobInput input() {
        return request.input();
    }

    String prompt() {
        return request.input().prompt();
    }

    List<String> imageUrls() {
        return request.input().imageUrls();
    }

    Object option(String name) {
        return request.options().get(name);
    }

    boolean hasOption(String name) {
        return request.options().get(name) != null;
    }

    String callbackUrl() {
        String url = request.callbackUrl();
        return url == null || url.isBlank() ? null : url;
    }

    /**
     * A new body holding the options to pass through (all but the adapter's own), for the family to put its mapped
     * fields over: a field of the neutral input wins over an option of the same name.
     */
    Map<String, Object> bodyWithOptions() {
        Map<String, Object> body = new LinkedHashMap<>();
        request.options().forEach((name, value) -> {
            if (!ADAPTER_OPTIONS.contains(name) && value != null) {
                body.put(name, value);
            }
        });
        return body;
    }

    /** The extendTaskId option as Kie's own task id (a mediajobs provider task id carries a family prefix). */
    String extendTaskId() {
        Object value = option(EXTEND_OPTION);
        return value instanceof String s ? KieTaskId.parse(s).kieTaskId() : null;
    }

    static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
