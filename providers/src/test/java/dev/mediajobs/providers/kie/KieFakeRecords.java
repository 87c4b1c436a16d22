package dev.mediajobs.providers.kie;

import dev.mediajobs.common.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The {@code data} of each family's record-info answer, as {@link KieWireFake} serves it: the document's fields where
 * it names them ({@code successFlag}, {@code resultUrls} as a JSON string for Veo, {@code state} and
 * {@code videoInfo.videoUrl} for Runway, {@code state} and {@code resultJson} for jobs, {@code response.resultUrls}
 * for GPT-4o image, {@code resultUrls} for Midjourney, {@code status} and {@code response.sunoData} for Suno), Kie's
 * own where it does not.
 */
final class KieFakeRecords {

    /** A task at the fake. {@code kind} is the family's record endpoint; {@code polls} counts record reads. */
    record FakeTask(String taskId, String kind, JsonNode body, AtomicInteger polls) {

        boolean fails() {
            String prompt = body.path("prompt").asString(body.path("input").path("prompt").asString(""));
            return prompt.contains(KieWireFake.FAIL_MARKER);
        }

        String extension() {
            return switch (kind) {
                case "gpt4o", "flux", "mj" -> ".png";
                case "suno" -> ".mp3";
                case "jobs" -> body.path("model").asString("").contains("banana") ? ".png" : ".mp4";
                default -> ".mp4";
            };
        }
    }

    private KieFakeRecords() {
    }

    /**
     * @param done whether the task has finished (then as success, or as failure for a failing prompt)
     */
    static Map<String, Object> record(FakeTask task, boolean done, String root) {
        boolean failed = done && task.fails();
        List<String> urls = new ArrayList<>();
        int count = task.kind().equals("mj") ? 4 : task.kind().equals("suno") ? 2 : 1;
        for (int i = 0; i < count; i++) {
            urls.add(root + "/files/" + task.taskId() + "/" + i + task.extension());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", task.taskId());
        int flag = !done ? 0 : failed ? 2 : 1;
        switch (task.kind()) {
            case "veo" -> {
                data.put("successFlag", flag);
                if (flag == 1) {
                    data.put("resultUrls", JsonCodec.toJson(urls)); // "resultUrls (JSON string)"
                }
            }
            case "runway" -> {
                data.put("state", !done ? "generating" : failed ? "fail" : "success");
                if (flag == 1) {
                    data.put("videoInfo", Map.of("videoId", task.taskId(), "videoUrl", urls.getFirst(), "imageUrl", urls.getFirst() + ".jpg"));
                }
            }
            case "aleph" -> {
                data.put("successFlag", flag);
                if (flag == 1) {
                    data.put("response", Map.of("taskId", task.taskId(), "resultVideoUrl", urls.getFirst()));
                }
            }
            case "modify", "gpt4o" -> {
                data.put("successFlag", flag);
                if (task.kind().equals("gpt4o")) {
                    data.put("progress", done ? "1.00" : "0.40");
                }
                if (flag == 1) {
                    data.put("response", Map.of("resultUrls", urls));
                }
            }
            case "flux" -> {
                data.put("successFlag", flag);
                if (flag == 1) {
                    data.put("response", Map.of("originImageUrl", urls.getFirst(), "resultImageUrl", urls.getFirst()));
                }
            }
            case "mj" -> {
                data.put("successFlag", flag);
                if (flag == 1) {
                    data.put("resultUrls", urls);
                }
            }
            case "jobs" -> {
                data.put("model", task.body().path("model").asString());
                data.put("state", !done ? "generating" : failed ? "fail" : "success");
                if (flag == 1) {
                    data.put("resultJson", JsonCodec.toJson(Map.of("resultUrls", urls)));
                }
                if (failed) {
                    data.put("failCode", "500");
                    data.put("failMsg", "content policy violation");
                }
            }
            case "suno" -> {
                data.put("status", !done ? "TEXT_SUCCESS" : failed ? "GENERATE_AUDIO_FAILED" : "SUCCESS");
                if (flag == 1) {
                    List<Map<String, Object>> tracks = new ArrayList<>();
                    for (int i = 0; i < urls.size(); i++) {
                        tracks.add(Map.of("id", task.taskId() + "-" + i, "audioUrl", urls.get(i), "title", "Track " + i, "duration", 121.5));
                    }
                    data.put("response", Map.of("taskId", task.taskId(), "sunoData", tracks));
                }
            }
            case "lyrics" -> {
                data.put("status", !done ? "PENDING" : failed ? "CREATE_TASK_FAILED" : "SUCCESS");
                if (flag == 1) {
                    data.put("response", Map.of("taskId", task.taskId(), "data", List.of(
                            Map.of("text", "[Verse]\nQueues in the night", "title", "Night Queue", "status", "complete"),
                            Map.of("text", "[Chorus]\nPoll again", "title", "Poll Again", "status", "complete"))));
                }
            }
            default -> throw new IllegalStateException("unknown kind " + task.kind());
        }
        if (failed && !task.kind().equals("jobs")) {
            data.put(task.kind().equals("runway") ? "failMsg" : "errorMessage", "content policy violation");
        }
        return data;
    }
}
