package dev.mediajobs.providers.openai;

import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.MultipartBody;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bodies of document 000: the JSON of a generation and the form of an edit. Call only on validated requests. */
final class OpenAiSubmitBody {

    private OpenAiSubmitBody() {
    }

    /** {@code {"model", "prompt", "n": 1, "size"?, "quality"?, "style"?}}; what is not given is left to OpenAI's defaults. */
    static Map<String, Object> generation(ProviderRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", OpenAiRequestRules.MODEL);
        body.put("prompt", request.input().prompt());
        body.put("n", 1);
        putIfPresent(body, "size", OpenAiImageSize.forGeneration(request));
        putIfPresent(body, "quality", request.options().get(OpenAiRequestRules.QUALITY));
        putIfPresent(body, "style", request.options().get(OpenAiRequestRules.STYLE));
        return body;
    }

    /** The form fields {@code image} (the PNG), {@code prompt}, {@code n} and, when given, {@code size}. */
    static MultipartBody edit(ProviderRequest request, byte[] png) {
        MultipartBody form = MultipartBody.create()
                .file("image", "image.png", "image/png", png)
                .field("prompt", request.input().prompt())
                .field("n", "1");
        String size = OpenAiImageSize.forEdit(request);
        if (size != null) {
            form.field("size", size);
        }
        return form;
    }

    private static void putIfPresent(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
