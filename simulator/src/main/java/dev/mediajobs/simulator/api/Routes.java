package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.account.ProviderAccount;
import dev.mediajobs.simulator.tasks.TaskOutputs;
import dev.mediajobs.simulator.tasks.TaskStore;
import java.time.Clock;

/** Puts the simulator's endpoints on an HTTP server. */
public final class Routes {

    private Routes() {
    }

    /**
     * @param publicBaseUrl the base of the output URLs in task JSON
     * @param account       logs and limits the API calls
     */
    public static void install(HttpServer server, SimulatorConfig config, String publicBaseUrl, TaskStore store,
                               TaskOutputs outputs, ProviderAccount account, Clock clock) {
        TaskJson json = new TaskJson(publicBaseUrl, outputs);
        RandomRateLimiter randomRateLimiter = new RandomRateLimiter(config.rateLimitRate(), config.retryAfterSeconds());
        server.createContext("/v1/tasks", new TasksHandler(store, new TaskFactory(config), json, config.apiKey(),
                randomRateLimiter, account, config.statusLatencyMs(), clock));
        server.createContext("/v1/files/", new FilesHandler(store, outputs, clock));
        server.createContext("/simulator/stats", SimpleHandlers.stats(account));
        server.createContext("/health", SimpleHandlers.health());
        server.createContext("/", SimpleHandlers.notFound());
    }
}
