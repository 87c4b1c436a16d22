package dev.mediajobs.providers.kie;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.http.ProviderHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What Kie's record-info answers have in common: the record is the envelope's {@code data}; the "successFlag"
 * families (Veo, GPT-4o image, Flux Kontext, Midjourney, Aleph, Luma modify) say {@code 0} generating, {@code 1}
 * success, {@code 2} failed and {@code 3} generation failed; result URLs come as an array, as a JSON string of one
 * ("{@code resultUrls} (JSON string)"), or as objects with a {@code resultUrl}; a failure's reason is in
 * {@code errorMessage} / {@code failMsg}.
 */
final class KieRecords {

    private static final int MAX_MESSAGE_CHARS = 500;

    private KieRecords() {
    }

    /** GETs a record-info endpoint; the record must be an object. */
    static JsonNode record(KieCalls calls, String path, String taskId) throws ProviderException {
        JsonNode data = calls.get(KieCalls.withTaskId(path, taskId)).dataOrThrow(calls.http());
        if (!data.isObject()) {
            throw calls.http().malformed("the task record is not an object");
        }
        return data;
    }

    /** A record of a successFlag family; on success the URLs are read by {@code urls}. */
    static PollResult bySuccessFlag(JsonNode data, ProviderHttp http, long pollHint, UrlReader urls) throws ProviderException {
        JsonNode flag = data.get("successFlag");
        if (flag == null || !flag.isIntegralNumber()) {
            throw http.malformed("the task record has no numeric successFlag");
        }
        return switch (flag.asInt()) {
            case 0 -> running(progress(data), pollHint);
            case 1 -> succeeded(urls.read(data), http);
            case 2, 3 -> failed(failureMessage(data, "kie reported the task as failed (successFlag " + flag.asInt() + ")"));
            default -> throw http.malformed("unknown successFlag " + flag.asInt());
        };
    }

    /** Reads the result URLs of a finished record. */
    @FunctionalInterface
    interface UrlReader {
        List<String> read(JsonNode data) throws ProviderException;
    }

    /** URLs from the first of these fields (dotted paths) that holds any. */
    static List<String> urlsAt(JsonNode data, String... paths) {
        for (String path : paths) {
            JsonNode node = data;
            for (String step : path.split("\\.")) {
                node = node == null ? null : node.get(step);
            }
            List<String> urls = urls(node);
            if (!urls.isEmpty()) {
                return urls;
            }
        }
        return List.of();
    }

    /** Strings of a URL, an array of URLs or of {@code {resultUrl}} / {@code {url}} objects, or a JSON string of either. */
    static List<String> urls(JsonNode node) {
        List<String> urls = new ArrayList<>();
        if (node == null || node.isNull()) {
            return urls;
        }
        if (node.isString()) {
            String text = node.asString().trim();
            if (text.startsWith("[") || text.startsWith("{")) {
                JsonNode parsed = parse(text);
                if (parsed != null && parsed.isObject()) {
                    return urls(parsed.get("resultUrls"));
                }
                return parsed == null ? urls : urls(parsed);
            }
            if (!text.isEmpty()) {
                urls.add(text);
            }
            return urls;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String url = item.isString() ? item.asString()
                        : ProviderHttp.text(item, "resultUrl") != null ? ProviderHttp.text(item, "resultUrl") : ProviderHttp.text(item, "url");
                if (url != null && !url.isBlank()) {
                    urls.add(url);
                }
            }
        }
        return urls;
    }

    static JsonNode parse(String json) {
        try {
            return JsonCodec.mapper().readTree(json);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    static PollResult succeeded(List<String> urls, ProviderHttp http) throws ProviderException {
        return succeeded(urls, null, Map.of(), http);
    }

    /** Every URL must be http(s), and there must be one: a success without outputs is an answer we cannot use. */
    static PollResult succeeded(List<String> urls, String contentType, Map<String, Object> result, ProviderHttp http)
            throws ProviderException {
        if (urls.isEmpty()) {
            throw http.malformed("the task succeeded without result URLs");
        }
        List<ProviderAsset> assets = new ArrayList<>(urls.size());
        for (String url : urls) {
            if (!KieChecks.isHttpUrl(url)) {
                throw http.malformed("a result URL is not an absolute http(s) URL");
            }
            if (assets.stream().noneMatch(a -> a.url().equals(url))) {
                assets.add(new ProviderAsset(url, contentType, null));
            }
        }
        return new PollResult(PollResult.Status.SUCCEEDED, 100, assets, null, result, null, 0);
    }

    static PollResult failed(String message) {
        return PollResult.failed(new JobError(ErrorCodes.PROVIDER_TASK_FAILED, cut(message), false, KieProviderAdapter.ID));
    }

    static PollResult running(Integer progress, long pollHint) {
        return new PollResult(PollResult.Status.RUNNING, progress, null, null, null, null, pollHint);
    }

    static PollResult pending(long pollHint) {
        return new PollResult(PollResult.Status.PENDING, null, null, null, null, null, pollHint);
    }

    static String failureMessage(JsonNode data, String fallback) {
        for (String field : List.of("errorMessage", "failMsg", "msg")) {
            String text = ProviderHttp.text(data, field);
            if (text != null && !text.isBlank()) {
                String code = ProviderHttp.text(data, field.equals("failMsg") ? "failCode" : "errorCode");
                return code != null && !code.isBlank() && !code.equals("0") ? text + " (code " + code + ")" : text;
            }
        }
        return fallback;
    }

    /** Kie's progress: {@code "0.50"} (GPT-4o image) or a number, as a fraction or a percentage. */
    static Integer progress(JsonNode data) {
        JsonNode node = data.get("progress");
        double value;
        if (node != null && node.isNumber()) {
            value = node.asDouble();
        } else if (node != null && node.isString() && node.asString().matches("\\d{1,3}(\\.\\d+)?")) {
            value = Double.parseDouble(node.asString());
        } else {
            return null;
        }
        double percent = value <= 1.0 ? value * 100 : value;
        return (int) Math.max(0, Math.min(100, Math.round(percent)));
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "…" : s;
    }
}
