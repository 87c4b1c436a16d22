package dev.mediajobs.providers.openai;

import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.PollResult.InlineAsset;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.http.ErrorEnvelopes;
import dev.mediajobs.providers.http.ProviderHttp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads OpenAI's image answers ({@code {"created": …, "data": [{"url" | "b64_json", "revised_prompt"}]}}) and its
 * error envelope ({@code {"error": {"message", "type", "code"}}}).
 */
final class OpenAiAnswers {

    /** DALL-E answers PNG whichever way it hands the image over. */
    static final String IMAGE_CONTENT_TYPE = "image/png";

    /** The finished outcome of a generation or edit, and DALL-E's rewrite of the prompt when it gave one. */
    record Images(PollResult outcome, String revisedPrompt) {
    }

    private OpenAiAnswers() {
    }

    static Images images(JsonNode answer, ProviderHttp http) throws ProviderException {
        if (!answer.isObject()) {
            throw http.malformed("expected a JSON object, got " + answer.getNodeType());
        }
        Optional<ProviderException> error = envelopeError(answer);
        if (error.isPresent()) {
            throw error.get();
        }
        JsonNode data = answer.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw http.malformed("the answer has no data");
        }
        List<ProviderAsset> urls = new ArrayList<>();
        List<InlineAsset> inline = new ArrayList<>();
        String revisedPrompt = null;
        for (JsonNode image : data) {
            String url = ProviderHttp.text(image, "url");
            String b64 = ProviderHttp.text(image, "b64_json");
            if (url != null && OpenAiRequestRules.isHttpUrl(url)) {
                urls.add(new ProviderAsset(url, IMAGE_CONTENT_TYPE, null));
            } else if (b64 != null && !b64.isBlank()) {
                inline.add(new InlineAsset(IMAGE_CONTENT_TYPE, decode(b64, http)));
            } else {
                throw http.malformed("an image has neither an http(s) url nor b64_json");
            }
            if (revisedPrompt == null) {
                revisedPrompt = ProviderHttp.text(image, "revised_prompt");
            }
        }
        PollResult outcome = new PollResult(PollResult.Status.SUCCEEDED, 100, urls, inline, Map.of(), null, 0);
        return new Images(outcome, revisedPrompt);
    }

    /** A non-2xx answer: the status mapping, corrected by OpenAI's error code where it says more (a 429 out of quota). */
    static ProviderException httpError(HttpResponse<byte[]> response, ProviderHttp http) {
        ProviderException e = http.errorFor(response);
        Kind byCode = kindForCode(errorCode(response.body(), http));
        return byCode == null || byCode == e.kind() ? e
                : new ProviderException(byCode, e.provider(), e.httpStatus(), e.getMessage(), e.retryAfter());
    }

    /** An error envelope inside a 2xx answer (not documented for OpenAI, but answered by OpenAI-compatible proxies). */
    static Optional<ProviderException> envelopeError(JsonNode answer) {
        Optional<ProviderException> generic = ErrorEnvelopes.in(answer, OpenAiProviderAdapter.ID);
        Kind byCode = kindForCode(ProviderHttp.text(answer.path("error"), "code"));
        return generic.map(e -> byCode == null ? e : new ProviderException(byCode, e.provider(), null, e.getMessage(), null));
    }

    /**
     * OpenAI's error codes that decide the kind whatever the status: notably {@code insufficient_quota}, which OpenAI
     * sends as a 429 although waiting will not help (the account is out of credit).
     */
    static Kind kindForCode(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "insufficient_quota", "billing_hard_limit_reached" -> Kind.CREDITS;
            case "invalid_api_key" -> Kind.AUTH;
            case "rate_limit_exceeded" -> Kind.RATE_LIMITED;
            case "content_policy_violation" -> Kind.INVALID_REQUEST;
            default -> null;
        };
    }

    private static String errorCode(byte[] body, ProviderHttp http) {
        try {
            JsonNode error = http.parseJson(body).path("error");
            String code = ProviderHttp.text(error, "code");
            return code != null ? code : ProviderHttp.text(error, "type");
        } catch (ProviderException notJson) {
            return null;
        }
    }

    private static byte[] decode(String b64, ProviderHttp http) throws ProviderException {
        try {
            // strict decoding (the MIME decoder skips any non-base64 character); line breaks are all we tolerate
            byte[] bytes = Base64.getDecoder().decode(b64.replaceAll("[\\r\\n]", ""));
            if (bytes.length == 0) {
                throw http.malformed("b64_json is empty");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw http.malformed("b64_json is not base64");
        }
    }
}
