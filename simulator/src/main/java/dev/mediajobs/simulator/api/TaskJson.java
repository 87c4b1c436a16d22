package dev.mediajobs.simulator.api;

import dev.mediajobs.simulator.tasks.OutputInfo;
import dev.mediajobs.simulator.tasks.TaskOutputs;
import dev.mediajobs.simulator.tasks.TaskStatus;
import dev.mediajobs.simulator.tasks.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The task JSON of every /v1/tasks answer. */
final class TaskJson {

    private final String publicBaseUrl;
    private final TaskOutputs outputs;

    TaskJson(String publicBaseUrl, TaskOutputs outputs) {
        this.publicBaseUrl = publicBaseUrl;
        this.outputs = outputs;
    }

    Map<String, Object> render(TaskView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", view.task().id());
        if (view.task().clientTaskId() != null) {
            json.put("clientTaskId", view.task().clientTaskId());
        }
        json.put("operation", view.task().operation().wireName());
        if (view.task().model() != null) {
            json.put("model", view.task().model());
        }
        json.put("status", view.status().wireName());
        json.put("progress", view.progress());
        if (!view.status().isTerminal()) {
            json.put("etaMs", view.etaMs());
        }
        json.put("createdAt", Instant.ofEpochMilli(view.task().createdAtMillis()).toString());
        if (view.status() == TaskStatus.SUCCEEDED) {
            json.put("outputs", outputs(view));
        }
        if (view.status() == TaskStatus.FAILED) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "generation_failed");
            error.put("message", view.task().failureMessage());
            json.put("error", error);
        }
        return json;
    }

    private List<Map<String, Object>> outputs(TaskView view) {
        List<OutputInfo> infos = outputs.describe(view.task());
        List<Map<String, Object>> list = new ArrayList<>(infos.size());
        for (int i = 0; i < infos.size(); i++) {
            OutputInfo info = infos.get(i);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("url", publicBaseUrl + "/v1/files/" + view.task().id() + "/" + i);
            output.put("contentType", info.contentType());
            output.put("sha256", info.sha256());
            output.put("sizeBytes", info.sizeBytes());
            list.add(output);
        }
        return list;
    }
}
