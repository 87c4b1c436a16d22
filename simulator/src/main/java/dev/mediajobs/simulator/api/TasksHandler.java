package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mediajobs.simulator.account.CallKind;
import dev.mediajobs.simulator.account.LimitExceeded;
import dev.mediajobs.simulator.account.ProviderAccount;
import dev.mediajobs.simulator.tasks.SimulatedTask;
import dev.mediajobs.simulator.tasks.TaskStore;
import dev.mediajobs.simulator.tasks.TaskView;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code /v1/tasks}: submit, poll, look up by client task id, cancel. Every call is authenticated first, then logged
 * and counted by the {@link ProviderAccount}, which refuses it with 429 past the account's limits; submit and the two
 * reads may then be rate-limited at random as well.
 */
final class TasksHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(TasksHandler.class.getName());
    private static final String ROOT = "/v1/tasks";

    private final TaskStore store;
    private final TaskFactory factory;
    private final TaskJson json;
    private final BearerAuth auth;
    private final RandomRateLimiter rateLimiter;
    private final ProviderAccount account;
    private final long statusLatencyMs;
    private final Clock clock;

    TasksHandler(TaskStore store, TaskFactory factory, TaskJson json, String apiKey, RandomRateLimiter rateLimiter,
                 ProviderAccount account, long statusLatencyMs, Clock clock) {
        this.store = store;
        this.factory = factory;
        this.json = json;
        this.auth = new BearerAuth(apiKey);
        this.rateLimiter = rateLimiter;
        this.account = account;
        this.statusLatencyMs = statusLatencyMs;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        SafeHandling.run(exchange, () -> route(exchange));
    }

    /** The endpoint a request is for, once its path and method are known to be right. */
    private record Endpoint(CallKind kind, String taskId) {
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String rest = path.equals(ROOT) || path.equals(ROOT + "/") ? "" : path.startsWith(ROOT + "/") ? path.substring(ROOT.length() + 1) : null;
        if (rest == null) {
            throw ApiError.notFound("no such endpoint");
        }
        auth.check(exchange);
        Endpoint endpoint = endpoint(method, rest.isEmpty() ? new String[0] : rest.split("/"));
        ProviderAccount.Call call = account.arrive(endpoint.kind(), endpoint.taskId());
        int status = 500;
        try {
            call.admit();
            status = switch (endpoint.kind()) {
                case SUBMIT -> submit(exchange, call);
                case LOOKUP -> findByClientTaskId(exchange, call);
                case STATUS -> poll(exchange, endpoint.taskId(), call);
                case CANCEL -> cancel(exchange, endpoint.taskId());
            };
        } catch (LimitExceeded limit) {
            LOG.log(Level.WARNING, "{0} refused: {1}", endpoint.kind().wireName(), limit.getMessage());
            status = 429;
            throw ApiError.limitExceeded(limit);
        } catch (ApiError error) {
            status = error.status();
            throw error;
        } finally {
            call.finish(status);
        }
    }

    private static Endpoint endpoint(String method, String[] segments) {
        if (segments.length == 0) {
            return switch (method) {
                case "POST" -> new Endpoint(CallKind.SUBMIT, null);
                case "GET" -> new Endpoint(CallKind.LOOKUP, null);
                default -> throw ApiError.methodNotAllowed(method);
            };
        }
        if (segments.length == 1) {
            requireMethod(method, "GET");
            return new Endpoint(CallKind.STATUS, segments[0]);
        }
        if (segments.length == 2 && segments[1].equals("cancel")) {
            requireMethod(method, "POST");
            return new Endpoint(CallKind.CANCEL, segments[0]);
        }
        throw ApiError.notFound("no such endpoint");
    }

    private int submit(HttpExchange exchange, ProviderAccount.Call call) throws IOException {
        rateLimiter.check(call);
        SubmitRequest request = SubmitRequest.parse(Exchanges.readBody(exchange));
        long now = clock.millis();
        Optional<SimulatedTask> existing = request.clientTaskId() == null ? Optional.empty()
                : store.findByClientTaskId(request.clientTaskId());
        // a repeated submit creates nothing, so it is no new task for the concurrency limit
        TaskStore.Submitted submitted = existing.map(task -> new TaskStore.Submitted(task, false))
                .orElseGet(() -> call.admitTask(now, () -> store.add(factory.create(request, now), now)));
        SimulatedTask task = submitted.task();
        call.task(task);
        if (submitted.created()) {
            LOG.log(Level.INFO, "task {0} submitted: operation={1}, durationMs={2}, outcome={3}{4}", task.id(),
                    task.operation().wireName(), task.durationMs(), task.fails() ? "fail" : "succeed",
                    task.clientTaskId() == null ? "" : ", clientTaskId=" + task.clientTaskId());
        } else {
            LOG.log(Level.INFO, "task {0} submitted again with clientTaskId={1}: answering with the existing task",
                    task.id(), task.clientTaskId());
        }
        int status = submitted.created() ? 202 : 200;
        Exchanges.sendJson(exchange, status, json.render(observe(task.viewAt(now))));
        return status;
    }

    private int poll(HttpExchange exchange, String id, ProviderAccount.Call call) throws IOException {
        rateLimiter.check(call);
        takeStatusLatency();
        SimulatedTask task = store.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
        long now = clock.millis();
        task.polledAt(now);
        TaskView view = task.viewAt(now);
        account.saw(view);
        Exchanges.sendJson(exchange, 200, json.render(observe(view)));
        return 200;
    }

    private int findByClientTaskId(HttpExchange exchange, ProviderAccount.Call call) throws IOException {
        rateLimiter.check(call);
        String clientTaskId = Exchanges.queryParam(exchange, "clientTaskId")
                .orElseThrow(() -> ApiError.invalidRequest("the clientTaskId query parameter is required", "clientTaskId"));
        SimulatedTask task = store.findByClientTaskId(clientTaskId)
                .orElseThrow(() -> ApiError.notFound("no task with clientTaskId " + clientTaskId));
        call.task(task);
        Exchanges.sendJson(exchange, 200, json.render(observe(task.viewAt(clock.millis()))));
        return 200;
    }

    private int cancel(HttpExchange exchange, String id) throws IOException {
        SimulatedTask task = store.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
        long now = clock.millis();
        task.cancelAt(now);
        TaskView view = task.viewAt(now);
        account.saw(view);
        Exchanges.sendJson(exchange, 200, json.render(observe(view)));
        return 200;
    }

    /** A status call takes a moment, as at a real provider; long enough for two overlapping polls to be seen. */
    private void takeStatusLatency() {
        if (statusLatencyMs <= 0) {
            return;
        }
        try {
            Thread.sleep(statusLatencyMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
            throw ApiError.internal();
        }
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
