package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** The REST API as a client of one tenant sees it. */
final class MediajobsApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> TERMINAL = List.of("succeeded", "failed", "canceled", "timed_out");

    private final String baseUrl;
    private final String apiKey;

    MediajobsApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + apiKey).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Submits and returns the new job's id; the API must accept it. */
    String submit(Map<String, Object> body) throws Exception {
        HttpResponse<String> r = post("/v1/jobs", JsonCodec.toJson(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JsonCodec.mapper().readTree(r.body()).path("id").asString();
    }

    /** Waits until every job is in a terminal state and returns them by id. */
    Map<String, JsonNode> awaitTerminal(Collection<String> ids, Duration atMost) {
        Map<String, JsonNode> done = new HashMap<>();
        Awaitility.await(ids.size() + " jobs terminal").atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : ids) {
                if (!done.containsKey(id)) {
                    HttpResponse<String> r = get("/v1/jobs/" + id);
                    if (r.statusCode() == 200) {
                        JsonNode job = JsonCodec.mapper().readTree(r.body());
                        if (TERMINAL.contains(job.path("state").asString())) {
                            done.put(id, job);
                        }
                    }
                }
            }
            return done.size() == ids.size();
        });
        return done;
    }

    /**
     * Downloads the job's first asset through its presigned URL and checks it against what was recorded.
     *
     * @return the downloaded bytes
     */
    static byte[] downloadVerified(JsonNode job) throws Exception {
        JsonNode asset = job.path("assets").get(0);
        assertThat(asset).as("first asset of %s", job).isNotNull();
        byte[] bytes = HTTP.send(HttpRequest.newBuilder(URI.create(asset.path("downloadUrl").asString())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(bytes).isNotEmpty();
        assertThat(Hashing.sha256Hex(bytes)).isEqualTo(asset.path("sha256").asString());
        assertThat((long) bytes.length).isEqualTo(asset.path("sizeBytes").asLong());
        assertThat(asset.path("key").asString()).matches("tenants/[^/]+/jobs/" + job.path("id").asString() + "/assets/\\d+\\.\\w+");
        return bytes;
    }
}
