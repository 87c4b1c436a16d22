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
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real S3-protocol server: Adobe S3Mock's executable jar as its own process, one per test JVM. Maven copies the jar
 * into {@code target/test-tools/} and names it in the system property {@code mediajobs.test.s3mock-jar}.
 */
public final class TestS3 {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private static Process process;
    private static int httpPort;

    private TestS3() {
    }

    public static synchronized String endpoint() {
        if (process == null) {
            start();
        }
        return "http://127.0.0.1:" + httpPort;
    }

    private static void start() {
        String jar = System.getProperty("mediajobs.test.s3mock-jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("S3Mock jar not found (system property mediajobs.test.s3mock-jar=" + jar
                    + "); run the tests through Maven, which copies it into target/test-tools/");
        }
        httpPort = FreePorts.next();
        int httpsPort = FreePorts.next();
        try {
            Path log = Files.createTempFile("s3mock-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar,
                    "--server.port=" + httpsPort, "--http.port=" + httpPort, "--server.address=127.0.0.1",
                    "--spring.main.banner-mode=off"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "test-s3-stop"));
            HttpClient client = HttpClient.newHttpClient();
            Awaitility.await("S3Mock on port " + httpPort + " (log " + log + ")")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("S3Mock exited; see " + log);
                        }
                        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
    }
}
