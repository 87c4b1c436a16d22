package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mediajobs.simulator.tasks.OutputInfo;
import dev.mediajobs.simulator.tasks.SimulatedTask;
import dev.mediajobs.simulator.tasks.TaskOutputs;
import dev.mediajobs.simulator.tasks.TaskStatus;
import dev.mediajobs.simulator.tasks.TaskStore;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code GET /v1/files/{taskId}/{index}}: the bytes of an output. No authentication, like the pre-signed CDN links real
 * providers hand out; 404 until the task has succeeded.
 */
final class FilesHandler implements HttpHandler {

    private static final String ROOT = "/v1/files/";

    private final TaskStore store;
    private final TaskOutputs outputs;
    private final Clock clock;

    FilesHandler(TaskStore store, TaskOutputs outputs, Clock clock) {
        this.store = store;
        this.outputs = outputs;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        SafeHandling.run(exchange, () -> serve(exchange));
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw ApiError.methodNotAllowed(method);
        }
        String path = exchange.getRequestURI().getPath();
        String[] segments = path.startsWith(ROOT) ? path.substring(ROOT.length()).split("/") : new String[0];
        if (segments.length != 2 || !segments[1].matches("\\d{1,4}")) {
            throw ApiError.notFound("no such file");
        }
        SimulatedTask task = store.find(segments[0])
                .filter(t -> t.viewAt(clock.millis()).status() == TaskStatus.SUCCEEDED)
                .orElseThrow(() -> ApiError.notFound("no such file"));
        int index = Integer.parseInt(segments[1]);
        byte[] bytes = outputs.bytes(task, index).orElseThrow(() -> ApiError.notFound("no such file"));
        OutputInfo info = outputs.describe(task).get(index);
        exchange.getResponseHeaders().set("Content-Type", info.contentType());
        exchange.getResponseHeaders().set("ETag", "\"" + info.sha256() + "\"");
        exchange.getResponseHeaders().set("Cache-Control", "private, max-age=3600, immutable");
        Exchanges.send(exchange, 200, bytes);
    }
}
