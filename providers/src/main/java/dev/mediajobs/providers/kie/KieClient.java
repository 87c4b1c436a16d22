package dev.mediajobs.providers.kie;

import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.http.HttpRequest;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Kie's HTTP side: {@code Authorization: Bearer <key>}, JSON bodies, envelopes, and no key in any error. */
final class KieClient {

    private final String baseUrl;
    private final ProviderHttp http;

    KieClient(String baseUrl, ProviderHttp http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    ProviderHttp http() {
        return http;
    }

    /** Calls with these credentials; a missing or unsendable key is AUTH before any call. */
    KieCalls with(ProviderCredentials credentials) throws ProviderException {
        String key = ProviderErrors.usableKey(KieProviderAdapter.ID, credentials);
        return new KieCalls() {
            @Override
            public KieEnvelope get(String pathAndQuery) throws ProviderException {
                return envelope(authorized(baseUrl, pathAndQuery, key).GET().build(), credentials);
            }

            @Override
            public KieEnvelope post(String path, Map<String, Object> body) throws ProviderException {
                return envelope(authorized(baseUrl, path, key)
                        .header("Content-Type", "application/json")
                        .POST(ProviderHttp.jsonBody(body)).build(), credentials);
            }

            @Override
            public JsonNode postJson(String otherBaseUrl, String path, Map<String, Object> body) throws ProviderException {
                HttpRequest request = authorized(otherBaseUrl, path, key)
                        .header("Content-Type", "application/json")
                        .POST(ProviderHttp.jsonBody(body)).build();
                try {
                    JsonNode answer = http.sendForJson(request);
                    if (!answer.isObject()) {
                        throw http.malformed("expected a JSON object, got " + answer.getNodeType());
                    }
                    return answer;
                } catch (ProviderException e) {
                    throw ProviderErrors.withoutKey(e, credentials);
                }
            }

            @Override
            public ProviderHttp http() {
                return http;
            }
        };
    }

    private HttpRequest.Builder authorized(String base, String path, String key) {
        return http.request(base, path)
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
    }

    private KieEnvelope envelope(HttpRequest request, ProviderCredentials credentials) throws ProviderException {
        try {
            return KieEnvelope.read(http.send(request), http);
        } catch (ProviderException e) {
            // Kie may echo the key it rejected in its msg
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }
}
