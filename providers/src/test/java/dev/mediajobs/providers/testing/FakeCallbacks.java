package dev.mediajobs.providers.testing;

import dev.mediajobs.common.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How a wire fake calls a task's callback URL back (Kie's {@code callBackUrl}, Runware's {@code webhookURL}): a JSON
 * POST on a thread of its own (never on the thread answering the API), retried a few times on anything but a 2xx as a
 * provider would, each attempt recorded.
 */
public final class FakeCallbacks implements AutoCloseable {

    /** One attempt: the URL, the body sent, and the status answered (-1 when no answer came). */
    public record Attempt(String url, String body, int status) {
    }

    static final int ATTEMPTS = 3;
    static final Duration RETRY_DELAY = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService executor;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    /** @param provider names the callback thread, e.g. {@code kie} */
    public FakeCallbacks(String provider) {
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, provider + "-fake-callbacks");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void post(String url, Object body) {
        executor.execute(() -> attempt(url, JsonCodec.toJson(body), 1));
    }

    public void later(Duration delay, Runnable action) {
        executor.schedule(action, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    private void attempt(String url, String body, int attempt) {
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            status = -1;
        }
        attempts.add(new Attempt(url, body, status));
        if ((status < 200 || status > 299) && attempt < ATTEMPTS) {
            executor.schedule(() -> attempt(url, body, attempt + 1), RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
