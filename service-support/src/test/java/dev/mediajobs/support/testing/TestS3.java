package dev.mediajobs.support.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real S3-protocol server: Adobe S3Mock's executable jar as its own process, one per test JVM. Maven copies the jar
 * into {@code target/test-tools/} and names it in the system property {@code mediajobs.test.s3mock-jar}.
 *
 * <p>Its buckets and objects live in a data directory of its own that survives {@link #stop()}: {@link #start()}
 * brings S3 back on the same port with the same content, so a test can stage an outage. The directory is deleted when
 * the test JVM exits.
 */
public final class TestS3 {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static Process process;
    private static int httpPort;
    private static int httpsPort;
    private static Path dataDirectory;
    private static Path log;

    private TestS3() {
    }

    /** The endpoint, starting S3Mock on first use. After {@link #stop()} it names the (closed) port without restarting. */
    public static synchronized String endpoint() {
        if (process == null) {
            firstStart();
        }
        return "http://127.0.0.1:" + httpPort;
    }

    /**
     * Stops S3 the way a crashed or restarted server disappears: the process ends and its port refuses connections.
     * The data stays for {@link #start()}.
     */
    public static synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        // SIGTERM: S3Mock shuts down cleanly, and retain-files-on-exit keeps its data directory
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping S3Mock", e);
        }
    }

    /** Starts S3 again, after {@link #stop()}, on the same port and with the same buckets and objects. */
    public static synchronized void start() {
        if (process == null) {
            firstStart();
        } else if (!process.isAlive()) {
            launch();
        }
    }

    public static synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Where S3Mock keeps its buckets and objects. */
    public static synchronized Path dataDirectory() {
        endpoint();
        return dataDirectory;
    }

    private static void firstStart() {
        httpPort = FreePorts.next();
        httpsPort = FreePorts.next();
        try {
            dataDirectory = Files.createTempDirectory("s3mock-data-");
            log = Files.createTempFile("s3mock-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create S3Mock's data directory", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestS3::destroyAndDelete, "test-s3-stop"));
        launch();
    }

    private static void launch() {
        String jar = System.getProperty("mediajobs.test.s3mock-jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("S3Mock jar not found (system property mediajobs.test.s3mock-jar=" + jar
                    + "); run the tests through Maven, which copies it into target/test-tools/");
        }
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar,
                    "--server.port=" + httpsPort, "--http.port=" + httpPort, "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.store.root=" + dataDirectory,
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=true",
                    "--spring.main.banner-mode=off"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
        HttpClient client = HttpClient.newHttpClient();
        Process started = process;
        Awaitility.await("S3Mock on port " + httpPort + " (log " + log + ")")
                .atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("S3Mock exited; see " + log);
                    }
                    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    private static void destroyAndDelete() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dataDirectory != null) {
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is no reason to fail the JVM's exit
            }
        }
    }
}
