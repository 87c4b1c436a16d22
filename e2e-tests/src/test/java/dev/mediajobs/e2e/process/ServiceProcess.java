package dev.mediajobs.e2e.process;

import dev.mediajobs.support.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A mediajobs service as a child JVM of the test: the same java binary and the same classpath as the test JVM, the
 * service's main class, and its properties as {@code --key=value} arguments, on a free HTTP port. Output goes to a log
 * file under {@code target/process-logs/}. {@link #kill()} is a real crash (SIGKILL: no shutdown hooks, no goodbye to
 * Kafka or Redis); {@link #close()} stops it the way a deployment would, and kills it if it does not stop in time.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Small heap, no C2 compiler and small stacks: several services share the test machine's cores and memory. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:+UseSerialGC", "-Djava.awt.headless=true");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Launches the service and returns at once; {@link #awaitReady(Duration)} waits for it.
     *
     * @param name       names the log file, e.g. {@code poller-1}
     * @param mainClass  the service's main class, e.g. {@code PollerServiceApplication.class}
     * @param properties Spring properties; {@code server.port} is set here to a free port
     * @param logDirectory where {@code <name>.log} is written
     */
    public static ServiceProcess start(String name, Class<?> mainClass, Map<String, Object> properties, Path logDirectory) {
        int port = FreePorts.next();
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("server.port", port);
        all.putIfAbsent("spring.main.banner-mode", "off");

        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(JVM_OPTIONS);
        command.add(mainClass.getName());
        all.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            // the test JVM's classpath, through the environment: a command line of a few hundred jars is unreadable in ps
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            return new ServiceProcess(name, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until {@code /actuator/health} answers UP; fails early, with the log's tail, if the process exits. */
    public ServiceProcess awaitReady(Duration atMost) {
        URI health = URI.create(baseUrl() + "/actuator/health");
        Awaitility.await(name + " healthy on port " + port + " (log " + log + ")")
                .atMost(atMost).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log ends with:\n"
                                + logTail(60));
                    }
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
                });
        return this;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crashed machine or an OOM killer ends a process; returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(STOP_TIMEOUT);
    }

    /** SIGTERM (Spring's graceful shutdown), then SIGKILL if it has not stopped within the timeout. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_TIMEOUT)) {
            kill();
        }
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** The java binary running this test, so that the service runs on the same JDK. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
