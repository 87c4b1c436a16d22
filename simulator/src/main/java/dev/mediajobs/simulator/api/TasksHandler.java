package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mediajobs.simulator.tasks.SimulatedTask;
import dev.mediajobs.simulator.tasks.TaskStore;
import dev.mediajobs.simulator.tasks.TaskView;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * {@code /v1/tasks}: submit, poll, look up by client task id, cancel. Every call is authenticated first; submit and
 * the two reads may then be rate-limited at random.
 */
final class TasksHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(TasksHandler.class.getName());
    private static final String ROOT = "/v1/tasks";

    private final TaskStore store;
    private final TaskFactory factory;
    private final TaskJson json;
    private final BearerAuth auth;
    private final RandomRateLimiter rateLimiter;
    private final Clock clock;

    TasksHandler(TaskStore store, TaskFactory factory, TaskJson json, String apiKey, double rateLimitRate,
                        long retryAfterSeconds, Clock clock) {
        this.store = store;
        this.factory = factory;
        this.json = json;
        this.auth = new BearerAuth(apiKey);
        this.rateLimiter = new RandomRateLimiter(rateLimitRate, retryAfterSeconds);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        SafeHandling.run(exchange, () -> route(exchange));
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String rest = path.equals(ROOT) || path.equals(ROOT + "/") ? "" : path.startsWith(ROOT + "/") ? path.substring(ROOT.length() + 1) : null;
        if (rest == null) {
            throw ApiError.notFound("no such endpoint");
        }
        auth.check(exchange);
        String[] segments = rest.isEmpty() ? new String[0] : rest.split("/");
        if (segments.length == 0) {
            switch (method) {
                case "POST" -> submit(exchange);
                case "GET" -> findByClientTaskId(exchange);
                default -> throw ApiError.methodNotAllowed(method);
            }
        } else if (segments.length == 1) {
            requireMethod(method, "GET");
            poll(exchange, segments[0]);
        } else if (segments.length == 2 && segments[1].equals("cancel")) {
            requireMethod(method, "POST");
            cancel(exchange, segments[0]);
        } else {
            throw ApiError.notFound("no such endpoint");
        }
    }

    private void submit(HttpExchange exchange) throws IOException {
        rateLimiter.check();
        SubmitRequest request = SubmitRequest.parse(Exchanges.readBody(exchange));
        long now = clock.millis();
        TaskStore.Submitted submitted = store.add(factory.create(request, now), now);
        SimulatedTask task = submitted.task();
        if (submitted.created()) {
            LOG.log(Level.INFO, "task {0} submitted: operation={1}, durationMs={2}, outcome={3}{4}", task.id(),
                    task.operation().wireName(), task.durationMs(), task.fails() ? "fail" : "succeed",
                    task.clientTaskId() == null ? "" : ", clientTaskId=" + task.clientTaskId());
        } else {
            LOG.log(Level.INFO, "task {0} submitted again with clientTaskId={1}: answering with the existing task",
                    task.id(), task.clientTaskId());
        }
        Exchanges.sendJson(exchange, submitted.created() ? 202 : 200, json.render(observe(task.viewAt(now))));
    }

    private void poll(HttpExchange exchange, String id) throws IOException {
        rateLimiter.check();
        SimulatedTask task = store.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
        long now = clock.millis();
        task.polledAt(now);
        Exchanges.sendJson(exchange, 200, json.render(observe(task.viewAt(now))));
    }

    private void findByClientTaskId(HttpExchange exchange) throws IOException {
        rateLimiter.check();
        String clientTaskId = Exchanges.queryParam(exchange, "clientTaskId")
                .orElseThrow(() -> ApiError.invalidRequest("the clientTaskId query parameter is required", "clientTaskId"));
        SimulatedTask task = store.findByClientTaskId(clientTaskId)
                .orElseThrow(() -> ApiError.notFound("no task with clientTaskId " + clientTaskId));
        Exchanges.sendJson(exchange, 200, json.render(observe(task.viewAt(clock.millis()))));
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        SimulatedTask task = store.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
        long now = clock.millis();
        task.cancelAt(now);
        Exchanges.sendJson(exchange, 200, json.render(observe(task.viewAt(now))));
    }

    /** Logs each transition once, when a client first sees it. */
    private static TaskView observe(TaskView view) {
        view.task().observe(view.status()).ifPresent(before -> LOG.log(Level.INFO, "task {0}: {1} -> {2}",
                view.task().id(), before.wireName(), view.status().wireName()));
        return view;
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw ApiError.methodNotAllowed(actual);
        }
    }
}
