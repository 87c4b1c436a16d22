package dev.mediajobs.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.mediajobs.simulator.account.ProviderAccount;
import dev.mediajobs.simulator.api.Routes;
import dev.mediajobs.simulator.assets.AssetCache;
import dev.mediajobs.simulator.tasks.TaskOutputs;
import dev.mediajobs.simulator.tasks.TaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running simulator: the JDK's HTTP server on a small pool of worker threads. Start one per test with port 0 and
 * close it afterwards; {@link #baseUrl()} is what adapters and clients talk to.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimulatorServer.class.getName());
    /** Connections waiting to be accepted; load tests open many at once. */
    private static final int BACKLOG = 512;

    private final HttpServer http;
    private final ExecutorService workers;
    private final TaskStore store;
    private final ProviderAccount account;
    private final String baseUrl;
    private final String publicBaseUrl;

    private SimulatorServer(HttpServer http, ExecutorService workers, TaskStore store, ProviderAccount account,
                            String baseUrl, String publicBaseUrl) {
        this.http = http;
        this.workers = workers;
        this.store = store;
        this.account = account;
        this.baseUrl = baseUrl;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Binds and starts serving; with port 0 a free port is chosen. */
    public static SimulatorServer start(SimulatorConfig config) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port(), e);
        }
        String baseUrl = "http://" + hostForUrl(http.getAddress()) + ":" + http.getAddress().getPort();
        String publicBaseUrl = config.publicBaseUrl() != null ? config.publicBaseUrl() : baseUrl;

        TaskOutputs outputs = new TaskOutputs(new AssetCache(config.assetCacheBytes()));
        TaskStore store = new TaskStore(config.maxTasks(), config.taskTtl(), outputs::forget);
        Clock clock = Clock.systemUTC();
        ProviderAccount account = new ProviderAccount(config.requestsPerMinute(), config.maxConcurrentTasks(),
                config.callLogSize(), clock, System::nanoTime);
        Routes.install(http, config, publicBaseUrl, store, outputs, account, clock);

        ExecutorService workers = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        http.setExecutor(workers);
        http.start();
        LOG.log(Level.INFO, "simulator listening on {0} (outputs under {1}) with {2}", baseUrl, publicBaseUrl, config);
        return new SimulatorServer(http, workers, store, account, baseUrl, publicBaseUrl);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Where to reach the server, e.g. {@code http://127.0.0.1:8090}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The base of output URLs: the configured public base URL, else {@link #baseUrl()}. */
    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    /** Tasks currently remembered. */
    public int taskCount() {
        return store.size();
    }

    /**
     * The provider's view of its clients: every API call with its arrival time ({@link ProviderAccount#calls()}), and
     * the counters of limits, 429s and overlapping polls ({@link ProviderAccount#stats()}).
     */
    public ProviderAccount account() {
        return account;
    }

    /** Stops at once: open exchanges are dropped, as a provider outage would drop them. */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
        LOG.log(Level.INFO, "simulator on {0} stopped", baseUrl);
    }

    /** A wildcard bind is reached through loopback; IPv6 literals need brackets in a URL. */
    private static String hostForUrl(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = ip.getHostAddress();
        return ip instanceof Inet6Address ? "[" + host.replaceFirst("%.*$", "") + "]" : host;
    }

    /** Daemon workers, so an embedded simulator never keeps a test JVM alive. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "simulator-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
