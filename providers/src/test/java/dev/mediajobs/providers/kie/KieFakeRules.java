package dev.mediajobs.providers.kie;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The request bodies of reference document 003, as {@link KieWireFake} checks them: only the documented field names
 * (so a misspelt field fails), the required ones, and the documented values. A problem is Kie's 422 message.
 */
final class KieFakeRules {

    /** One body's rules: allowed and required fields, strings from a list, whole numbers from a list, booleans, string arrays. */
    record Rule(Set<String> allowed, Set<String> required, Map<String, List<String>> strings, Map<String, List<Integer>> numbers,
                Set<String> booleans, Set<String> arrays) {

        String problem(JsonNode body) {
            if (body == null || !body.isObject()) {
                return "the body must be a JSON object";
            }
            for (String name : body.propertyNames()) {
                if (!allowed.contains(name)) {
                    return "unknown parameter '" + name + "'";
                }
            }
            for (String name : required) {
                JsonNode v = body.get(name);
                if (v == null || v.isNull() || v.isString() && v.asString().isBlank() || v.isArray() && v.isEmpty()) {
                    return name + " is required";
                }
            }
            for (var e : strings.entrySet()) {
                JsonNode v = body.get(e.getKey());
                if (v != null && !(v.isString() && e.getValue().contains(v.asString()))) {
                    return e.getKey() + " must be one of " + e.getValue();
                }
            }
            for (var e : numbers.entrySet()) {
                JsonNode v = body.get(e.getKey());
                if (v != null && !(v.isIntegralNumber() && e.getValue().contains(v.asInt()))) {
                    return e.getKey() + " must be one of " + e.getValue();
                }
            }
            for (String name : booleans) {
                JsonNode v = body.get(name);
                if (v != null && !v.isBoolean()) {
                    return name + " must be a boolean";
                }
            }
            for (String name : arrays) {
                JsonNode v = body.get(name);
                if (v != null && !(v.isArray() && allStrings(v))) {
                    return name + " must be an array of strings";
                }
            }
            return null;
        }

        private static boolean allStrings(JsonNode array) {
            for (JsonNode item : array) {
                if (!item.isString()) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<String> NANO_RATIOS = List.of("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "auto");

    /** Submit paths (and the other POSTs) to their body rules. */
    static final Map<String, Rule> BODIES = Map.ofEntries(
            Map.entry("/api/v1/veo/generate", new Rule(
                    Set.of("prompt", "model", "aspectRatio", "imageUrls", "generationType", "seeds", "enableTranslation", "watermark", "callBackUrl"),
                    Set.of("prompt"),
                    Map.of("model", List.of("veo3", "veo3_fast"), "aspectRatio", List.of("16:9", "9:16", "Auto"),
                            "generationType", List.of("TEXT_2_VIDEO", "FIRST_AND_LAST_FRAMES_2_VIDEO", "REFERENCE_2_VIDEO")),
                    Map.of(), Set.of("enableTranslation"), Set.of("imageUrls"))),
            Map.entry("/api/v1/veo/extend", new Rule(Set.of("taskId", "prompt", "callBackUrl"), Set.of("taskId", "prompt"),
                    Map.of(), Map.of(), Set.of(), Set.of())),
            Map.entry("/api/v1/runway/generate", new Rule(
                    Set.of("prompt", "duration", "quality", "aspectRatio", "imageUrl", "waterMark", "callBackUrl"), Set.of("prompt"),
                    Map.of("quality", List.of("720p", "1080p"), "aspectRatio", List.of("16:9", "9:16", "1:1", "4:3", "3:4")),
                    Map.of("duration", List.of(5, 10)), Set.of(), Set.of())),
            Map.entry("/api/v1/runway/extend", new Rule(Set.of("taskId", "prompt", "quality", "callBackUrl"), Set.of("taskId", "prompt"),
                    Map.of("quality", List.of("720p", "1080p")), Map.of(), Set.of(), Set.of())),
            Map.entry("/api/v1/runway/aleph/generate", new Rule(Set.of("prompt", "videoUrl", "callBackUrl", "watermark"),
                    Set.of("prompt", "videoUrl"), Map.of(), Map.of(), Set.of(), Set.of())),
            Map.entry("/api/v1/modify/generate", new Rule(Set.of("prompt", "videoUrl", "callBackUrl", "watermark"),
                    Set.of("prompt", "videoUrl"), Map.of(), Map.of(), Set.of(), Set.of())),
            Map.entry("/api/v1/jobs/createTask", new Rule(Set.of("model", "input", "callBackUrl"), Set.of("model", "input"),
                    Map.of(), Map.of(), Set.of(), Set.of())),
            Map.entry("/api/v1/gpt4o-image/generate", new Rule(
                    Set.of("prompt", "size", "nVariants", "filesUrl", "maskUrl", "enableFallback", "callBackUrl"), Set.of("prompt"),
                    Map.of("size", List.of("1:1", "3:2", "2:3")), Map.of("nVariants", List.of(1, 2, 4)), Set.of("enableFallback"),
                    Set.of("filesUrl"))),
            Map.entry("/api/v1/gpt4o-image/download-url", new Rule(Set.of("imageUrl"), Set.of("imageUrl"), Map.of(), Map.of(),
                    Set.of(), Set.of())),
            Map.entry("/api/v1/flux/kontext/generate", new Rule(
                    Set.of("prompt", "model", "aspectRatio", "inputImage", "outputFormat", "callBackUrl"), Set.of("prompt"),
                    Map.of("model", List.of("flux-kontext-pro", "flux-kontext-max"),
                            "aspectRatio", List.of("21:9", "16:9", "4:3", "1:1", "3:4", "9:16", "16:21"),
                            "outputFormat", List.of("jpeg", "png")),
                    Map.of(), Set.of(), Set.of())),
            Map.entry("/api/v1/mj/generate", new Rule(
                    Set.of("taskType", "prompt", "aspectRatio", "version", "speed", "fileUrls", "callBackUrl"), Set.of("taskType", "prompt"),
                    Map.of("taskType", List.of("mj_txt2img", "mj_img2img", "mj_video", "mj_style_reference", "mj_omni_reference"),
                            "version", List.of("7", "6.1", "6", "5.2", "niji6"), "speed", List.of("relaxed", "fast", "turbo")),
                    Map.of(), Set.of(), Set.of("fileUrls"))),
            Map.entry("/api/v1/generate", new Rule(
                    Set.of("prompt", "customMode", "instrumental", "model", "style", "title", "callBackUrl"), Set.of("prompt"),
                    Map.of("model", List.of("V3_5", "V4", "V4_5", "V5")), Map.of(), Set.of("customMode", "instrumental"), Set.of())),
            Map.entry("/api/v1/generate/extend", new Rule(
                    Set.of("audioId", "prompt", "continueAt", "model", "callBackUrl", "defaultParamFlag", "style", "title"), Set.of("audioId"),
                    Map.of("model", List.of("V3_5", "V4", "V4_5", "V5")), Map.of(), Set.of("defaultParamFlag"), Set.of())),
            Map.entry("/api/v1/lyrics", new Rule(Set.of("prompt", "callBackUrl"), Set.of("prompt"), Map.of(), Map.of(), Set.of(), Set.of())),
            Map.entry("/api/file-url-upload", new Rule(Set.of("fileUrl", "uploadPath", "fileName"), Set.of("fileUrl"), Map.of(), Map.of(),
                    Set.of(), Set.of())));

    /** The {@code input} of each model on the generic job endpoint. */
    static final Map<String, Rule> JOB_INPUTS = Map.ofEntries(
            Map.entry("sora-2-text-to-video", soraText()),
            Map.entry("sora-2-pro-text-to-video", soraText()),
            Map.entry("sora-2-image-to-video", soraImage()),
            Map.entry("sora-2-pro-image-to-video", soraImage()),
            Map.entry("sora-watermark-remover", new Rule(Set.of("video_url"), Set.of("video_url"), Map.of(), Map.of(), Set.of(), Set.of())),
            Map.entry("wan/2-2-a14b-image-to-video-turbo", wan22(true)),
            Map.entry("wan/2-2-a14b-text-to-video-turbo", wan22(false)),
            Map.entry("wan/2-5-image-to-video", wan25(true)),
            Map.entry("wan/2-5-text-to-video", wan25(false)),
            Map.entry("google/nano-banana", new Rule(Set.of("prompt", "image_size", "output_format"), Set.of("prompt"),
                    Map.of("image_size", NANO_RATIOS, "output_format", List.of("png", "jpg")), Map.of(), Set.of(), Set.of())),
            Map.entry("google/nano-banana-edit", new Rule(Set.of("prompt", "image_size", "output_format", "image_urls"),
                    Set.of("prompt", "image_urls"), Map.of("image_size", NANO_RATIOS, "output_format", List.of("png", "jpg")),
                    Map.of(), Set.of(), Set.of("image_urls"))),
            Map.entry("nano-banana-pro", new Rule(Set.of("prompt", "aspect_ratio", "resolution", "output_format", "image_input"),
                    Set.of("prompt"), Map.of("aspect_ratio", NANO_RATIOS, "resolution", List.of("1K", "2K", "4K"),
                    "output_format", List.of("png", "jpg")), Map.of(), Set.of(), Set.of("image_input"))));

    private KieFakeRules() {
    }

    private static Rule soraText() {
        return new Rule(Set.of("prompt", "aspect_ratio", "n_frames", "remove_watermark"), Set.of("prompt"),
                Map.of("aspect_ratio", List.of("portrait", "landscape"), "n_frames", List.of("10", "15")), Map.of(),
                Set.of("remove_watermark"), Set.of());
    }

    private static Rule soraImage() {
        return new Rule(Set.of("prompt", "image_urls", "aspect_ratio", "n_frames", "remove_watermark"), Set.of("prompt", "image_urls"),
                Map.of("aspect_ratio", List.of("portrait", "landscape"), "n_frames", List.of("10", "15")), Map.of(),
                Set.of("remove_watermark"), Set.of("image_urls"));
    }

    private static Rule wan22(boolean image) {
        return new Rule(image ? Set.of("image_url", "prompt", "resolution", "aspect_ratio") : Set.of("prompt", "resolution", "aspect_ratio"),
                image ? Set.of("image_url", "prompt") : Set.of("prompt"),
                Map.of("resolution", List.of("480p", "580p", "720p"), "aspect_ratio", List.of("auto", "16:9", "9:16", "1:1")),
                Map.of(), Set.of(), Set.of());
    }

    private static Rule wan25(boolean image) {
        return new Rule(image ? Set.of("prompt", "image_url", "duration", "resolution") : Set.of("prompt", "duration", "resolution"),
                image ? Set.of("prompt", "image_url") : Set.of("prompt"),
                Map.of("duration", List.of("5", "10"), "resolution", List.of("720p", "1080p")), Map.of(), Set.of(), Set.of());
    }

    /** The documented cross-field rules the tables cannot say. */
    static String crossFieldProblem(String path, JsonNode body) {
        if (path.equals("/api/v1/veo/generate")) {
            String type = body.path("generationType").asString("TEXT_2_VIDEO");
            int images = body.path("imageUrls").size();
            if (!type.equals("TEXT_2_VIDEO") && (images < 1 || images > 3)) {
                return type + " takes 1-3 imageUrls";
            }
            if (type.equals("REFERENCE_2_VIDEO") && (!body.path("model").asString("veo3_fast").equals("veo3_fast")
                    || !body.path("aspectRatio").asString("16:9").equals("16:9"))) {
                return "REFERENCE_2_VIDEO only with veo3_fast and 16:9";
            }
            JsonNode seeds = body.get("seeds");
            if (seeds != null && !(seeds.isIntegralNumber() && seeds.asInt() >= 10_000 && seeds.asInt() <= 99_999)) {
                return "seeds must be 10000-99999";
            }
        }
        if (path.equals("/api/v1/mj/generate") && !body.path("taskType").asString().equals("mj_txt2img") && body.path("fileUrls").isEmpty()) {
            return body.path("taskType").asString() + " needs fileUrls";
        }
        if (path.equals("/api/v1/jobs/createTask")) {
            Rule input = JOB_INPUTS.get(body.path("model").asString(""));
            if (input == null) {
                return "model not available: " + body.path("model").asString("");
            }
            String problem = input.problem(body.get("input"));
            return problem == null ? null : "input: " + problem;
        }
        return null;
    }
}
