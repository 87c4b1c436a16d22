package dev.mediajobs.providers.kie;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Kie calls with one key, as a family makes them. HTTP errors are thrown already mapped and without the key; an
 * HTTP 200 comes back as its envelope, because some families read an error code as "not ready yet" (the 1080p
 * video) or "use the original" (GPT-4o's download URL) rather than as a failure.
 */
interface KieCalls {

    KieEnvelope get(String pathAndQuery) throws ProviderException;

    KieEnvelope post(String path, Map<String, Object> body) throws ProviderException;

    /** A POST to another Kie host (the file upload host), answered with whatever JSON object it sends. */
    JsonNode postJson(String baseUrl, String path, Map<String, Object> body) throws ProviderException;

    ProviderHttp http();

    /** {@code path?taskId=<id>}, the id encoded. */
    static String withTaskId(String path, String taskId) {
        return path + "?taskId=" + URLEncoder.encode(taskId, StandardCharsets.UTF_8);
    }
}
