package dev.mediajobs.providers.kie;

import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Kie's file upload host: {@code POST /api/file-url-upload {fileUrl, uploadPath?, fileName?}} copies a file from a
 * URL to Kie and answers {@code {fileUrl, downloadUrl, ...}} (bare or in Kie's {@code {code, msg, data}}). With
 * {@code options.uploadInputs: true} the job's input URLs are copied there before submitting, for inputs Kie cannot
 * fetch itself or that expire before Kie gets to them (presigned URLs). The Base64 upload is not used: job inputs are
 * URLs.
 */
final class KieFileUpload {

    static final String DEFAULT_BASE_URL = "https://kieai.redpandaai.co";
    static final String URL_UPLOAD_PATH = "/api/file-url-upload";
    /** The folder at Kie where our copies go. */
    static final String UPLOAD_PATH = "mediajobs";

    private final String baseUrl;

    KieFileUpload(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    List<String> rehost(List<String> urls, KieCalls calls) throws ProviderException {
        List<String> copies = new ArrayList<>(urls.size());
        for (String url : urls) {
            copies.add(rehost(url, calls));
        }
        return copies;
    }

    private String rehost(String url, KieCalls calls) throws ProviderException {
        ProviderHttp http = calls.http();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fileUrl", url);
        body.put("uploadPath", UPLOAD_PATH);
        JsonNode answer = calls.postJson(baseUrl, URL_UPLOAD_PATH, body);
        JsonNode file = answer;
        JsonNode code = answer.get("code");
        if (code != null && code.isIntegralNumber()) {
            KieEnvelope envelope = new KieEnvelope(code.asInt(), ProviderHttp.text(answer, "msg"), answer.get("data"), null);
            file = envelope.dataOrThrow(http);
        }
        String copy = ProviderHttp.text(file, "downloadUrl");
        if (copy == null) {
            copy = ProviderHttp.text(file, "fileUrl");
        }
        if (copy == null || !KieChecks.isHttpUrl(copy)) {
            throw http.malformed("the file upload answered without an http(s) downloadUrl or fileUrl");
        }
        return copy;
    }
}
