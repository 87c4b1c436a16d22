package dev.mediajobs.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * How the simulator behaves. Built in code with {@link #builder()}, or from the command line and environment with
 * {@link #fromArgs(String[], Map)}: {@code --port=8090} wins over {@code SIMULATOR_PORT=8090}, which wins over the
 * default.
 *
 * @param bindAddress       the interface to listen on; 127.0.0.1 unless the simulator must be reachable from elsewhere
 * @param port              0 picks a free port (tests)
 * @param apiKey            the only bearer key accepted; null accepts any non-empty key
 * @param failureRate       chance (0..1) that a task without {@code simulate.outcome} fails
 * @param rateLimitRate     chance (0..1) that a submit or poll is answered 429
 * @param retryAfterSeconds the Retry-After sent with a 429
 * @param publicBaseUrl     the base of output URLs when clients reach the simulator under another name (containers);
 *                          null means the address the server is bound to
 * @param maxTasks          tasks kept at most; the oldest are forgotten first
 * @param taskTtl           tasks older than this are forgotten
 * @param assetCacheBytes   bytes of generated assets kept in memory; evicted assets are generated again on download
 * @param threads           HTTP worker threads
 * @param requestsPerMinute  API calls (submit, poll, look-up, cancel; not downloads) the account may make within any
 *                           60 s; more are answered 429 with Retry-After. 0 = unlimited
 * @param maxConcurrentTasks tasks that may be unfinished at once; a submit past it is answered 429. 0 = unlimited
 * @param statusLatencyMs    how long each status call takes to answer; a little makes two overlapping polls of one
 *                           task visible (see {@code ProviderAccount})
 * @param callLogSize        API calls kept in the arrival log; the oldest are dropped
 */
public record SimulatorConfig(
        String bindAddress,
        int port,
        String apiKey,
        long minDurationMs,
        long maxDurationMs,
        double failureRate,
        double rateLimitRate,
        long retryAfterSeconds,
        String publicBaseUrl,
        int maxTasks,
        Duration taskTtl,
        long assetCacheBytes,
        int threads,
        int requestsPerMinute,
        int maxConcurrentTasks,
        long statusLatencyMs,
        int callLogSize) {

    public static final int DEFAULT_PORT = 8090;

    public SimulatorConfig {
        require(bindAddress != null && !bindAddress.isBlank(), "bind address must not be empty");
        require(port >= 0 && port <= 65_535, "port must be 0-65535");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        require(minDurationMs >= 0 && maxDurationMs >= minDurationMs, "durations must satisfy 0 <= min <= max");
        require(failureRate >= 0 && failureRate <= 1, "failure rate must be 0..1");
        require(rateLimitRate >= 0 && rateLimitRate <= 1, "rate-limit rate must be 0..1");
        require(retryAfterSeconds >= 0, "retry-after seconds must not be negative");
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : stripTrailingSlash(publicBaseUrl.trim());
        require(maxTasks > 0, "max tasks must be positive");
        require(taskTtl != null && taskTtl.isPositive(), "task TTL must be positive");
        require(assetCacheBytes >= 0, "asset cache size must not be negative");
        require(threads > 0, "threads must be positive");
        require(requestsPerMinute >= 0, "requests per minute must not be negative (0 = unlimited)");
        require(maxConcurrentTasks >= 0, "max concurrent tasks must not be negative (0 = unlimited)");
        require(statusLatencyMs >= 0 && statusLatencyMs <= 60_000, "status latency must be 0-60000 ms");
        require(callLogSize >= 0, "call log size must not be negative");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads {@code --name=value} arguments, falling back to {@code SIMULATOR_NAME} variables of {@code env}.
     *
     * @throws IllegalArgumentException on an unknown argument or a value out of range
     */
    public static SimulatorConfig fromArgs(String[] args, Map<String, String> env) {
        Builder builder = builder();
        for (Option option : Option.values()) {
            String value = env.get(option.envName());
            if (value != null && !value.isBlank()) {
                option.apply(builder, value.trim());
            }
        }
        for (String arg : args) {
            String[] nameAndValue = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[0];
            Option option = nameAndValue.length == 2 ? Option.byArgName(nameAndValue[0]).orElse(null) : null;
            if (option == null) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            option.apply(builder, nameAndValue[1].trim());
        }
        return builder.build();
    }

    /** One line per option, for {@code --help} and argument errors. */
    public static String usage() {
        return "usage: java -jar mediajobs-simulator-exec.jar [--name=value ...]\n" + Arrays.stream(Option.values())
                .map(o -> String.format("  --%-22s %-32s %s", o.argName + "=", "(env " + o.envName() + ")", o.help))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        // a record would print the key; configuration is logged at startup
        return "SimulatorConfig[bind=" + bindAddress + ", port=" + port + ", apiKey=" + (apiKey == null ? "(any)" : "***")
                + ", durationMs=" + minDurationMs + ".." + maxDurationMs + ", failureRate=" + failureRate
                + ", rateLimitRate=" + rateLimitRate + ", retryAfterSeconds=" + retryAfterSeconds
                + ", publicBaseUrl=" + publicBaseUrl + ", maxTasks=" + maxTasks + ", taskTtl=" + taskTtl
                + ", assetCacheBytes=" + assetCacheBytes + ", threads=" + threads
                + ", requestsPerMinute=" + (requestsPerMinute == 0 ? "unlimited" : requestsPerMinute)
                + ", maxConcurrentTasks=" + (maxConcurrentTasks == 0 ? "unlimited" : maxConcurrentTasks)
                + ", statusLatencyMs=" + statusLatencyMs + ", callLogSize=" + callLogSize + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The command-line options; the environment variable is {@code SIMULATOR_} + the name in upper snake case. */
    private enum Option {
        PORT("port", "TCP port; 0 = any free port (default 8090)", (b, v) -> b.port(parseInt(v))),
        BIND("bind", "listen address (default 127.0.0.1)", Builder::bindAddress),
        API_KEY("api-key", "the accepted bearer key (default: any)", Builder::apiKey),
        MIN_DURATION_MS("min-duration-ms", "shortest task (default 2000)", (b, v) -> b.minDurationMs(parseLong(v))),
        MAX_DURATION_MS("max-duration-ms", "longest task (default 6000)", (b, v) -> b.maxDurationMs(parseLong(v))),
        FAILURE_RATE("failure-rate", "chance a task fails, 0..1 (default 0)", (b, v) -> b.failureRate(parseDouble(v))),
        RATE_LIMIT_RATE("rate-limit-rate", "chance of a 429, 0..1 (default 0)", (b, v) -> b.rateLimitRate(parseDouble(v))),
        RETRY_AFTER_SECONDS("retry-after-seconds", "Retry-After of a 429 (default 2)", (b, v) -> b.retryAfterSeconds(parseLong(v))),
        PUBLIC_BASE_URL("public-base-url", "base of output URLs (default: own address)", Builder::publicBaseUrl),
        MAX_TASKS("max-tasks", "tasks remembered (default 10000)", (b, v) -> b.maxTasks(parseInt(v))),
        TASK_TTL_SECONDS("task-ttl-seconds", "task lifetime (default 3600)", (b, v) -> b.taskTtl(Duration.ofSeconds(parseLong(v)))),
        ASSET_CACHE_MB("asset-cache-mb", "asset bytes kept in memory (default 128)", (b, v) -> b.assetCacheBytes(parseLong(v) * 1024 * 1024)),
        THREADS("threads", "HTTP worker threads (default 8)", (b, v) -> b.threads(parseInt(v))),
        REQUESTS_PER_MINUTE("requests-per-minute", "API calls allowed per 60 s, else 429 (default 0 = unlimited)", (b, v) -> b.requestsPerMinute(parseInt(v))),
        MAX_CONCURRENT_TASKS("max-concurrent-tasks", "unfinished tasks allowed, else 429 (default 0 = unlimited)", (b, v) -> b.maxConcurrentTasks(parseInt(v))),
        STATUS_LATENCY_MS("status-latency-ms", "time each status call takes (default 0)", (b, v) -> b.statusLatencyMs(parseLong(v))),
        CALL_LOG_SIZE("call-log-size", "API calls kept in the arrival log (default 100000)", (b, v) -> b.callLogSize(parseInt(v)));

        private final String argName;
        private final String help;
        private final BiConsumer<Builder, String> setter;

        Option(String argName, String help, BiConsumer<Builder, String> setter) {
            this.argName = argName;
            this.help = help;
            this.setter = setter;
        }

        String envName() {
            return "SIMULATOR_" + name();
        }

        void apply(Builder builder, String value) {
            try {
                setter.accept(builder, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + argName + " (" + envName() + ") must be a number, got '" + value + "'");
            }
        }

        static Optional<Option> byArgName(String name) {
            return Arrays.stream(values()).filter(o -> o.argName.equals(name)).findFirst();
        }

        private static int parseInt(String v) {
            return Integer.parseInt(v);
        }

        private static long parseLong(String v) {
            return Long.parseLong(v);
        }

        private static double parseDouble(String v) {
            return Double.parseDouble(v);
        }
    }

    /** Defaults: 127.0.0.1:8090, any key, tasks of 2–6 s, no failures, no rate limiting, no limits. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String apiKey;
        private long minDurationMs = 2_000;
        private long maxDurationMs = 6_000;
        private double failureRate;
        private double rateLimitRate;
        private long retryAfterSeconds = 2;
        private String publicBaseUrl;
        private int maxTasks = 10_000;
        private Duration taskTtl = Duration.ofHours(1);
        private long assetCacheBytes = 128L * 1024 * 1024;
        private int threads = 8;
        private int requestsPerMinute;
        private int maxConcurrentTasks;
        private long statusLatencyMs;
        private int callLogSize = 100_000;

        private Builder() {
        }

        private Builder(SimulatorConfig c) {
            bindAddress = c.bindAddress; port = c.port; apiKey = c.apiKey; minDurationMs = c.minDurationMs;
            maxDurationMs = c.maxDurationMs; failureRate = c.failureRate; rateLimitRate = c.rateLimitRate;
            retryAfterSeconds = c.retryAfterSeconds; publicBaseUrl = c.publicBaseUrl; maxTasks = c.maxTasks;
            taskTtl = c.taskTtl; assetCacheBytes = c.assetCacheBytes; threads = c.threads;
            requestsPerMinute = c.requestsPerMinute; maxConcurrentTasks = c.maxConcurrentTasks;
            statusLatencyMs = c.statusLatencyMs; callLogSize = c.callLogSize;
        }

        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder apiKey(String v) { apiKey = v; return this; }
        public Builder minDurationMs(long v) { minDurationMs = v; return this; }
        public Builder maxDurationMs(long v) { maxDurationMs = v; return this; }
        /** Both bounds at once: every task without {@code simulate.durationMs} takes exactly this long. */
        public Builder durationMs(long v) { minDurationMs = v; maxDurationMs = v; return this; }
        public Builder failureRate(double v) { failureRate = v; return this; }
        public Builder rateLimitRate(double v) { rateLimitRate = v; return this; }
        public Builder retryAfterSeconds(long v) { retryAfterSeconds = v; return this; }
        public Builder publicBaseUrl(String v) { publicBaseUrl = v; return this; }
        public Builder maxTasks(int v) { maxTasks = v; return this; }
        public Builder taskTtl(Duration v) { taskTtl = v; return this; }
        public Builder assetCacheBytes(long v) { assetCacheBytes = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder requestsPerMinute(int v) { requestsPerMinute = v; return this; }
        public Builder maxConcurrentTasks(int v) { maxConcurrentTasks = v; return this; }
        public Builder statusLatencyMs(long v) { statusLatencyMs = v; return this; }
        public Builder callLogSize(int v) { callLogSize = v; return this; }

        public SimulatorConfig build() {
            return new SimulatorConfig(bindAddress, port, apiKey, minDurationMs, maxDurationMs, failureRate,
                    rateLimitRate, retryAfterSeconds, publicBaseUrl, maxTasks, taskTtl, assetCacheBytes, threads,
                    requestsPerMinute, maxConcurrentTasks, statusLatencyMs, callLogSize);
        }
    }
}
