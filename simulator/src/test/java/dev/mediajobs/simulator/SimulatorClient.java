package dev.mediajobs.simulator;

import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A minimal client of the wire protocol for the tests: raw status, headers and JSON, nothing interpreted. */
final class SimulatorClient {

    record Answer(int status, HttpResponse<byte[]> response) {
        JsonNode json() {
            return JsonCodec.mapper().readTree(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        byte[] bytes() {
            return response.body();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    SimulatorClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    SimulatorClient withKey(String otherKey) {
        return new SimulatorClient(baseUrl, otherKey);
    }

    Answer submit(Map<String, Object> body) {
        return send(authorized("/v1/tasks").POST(HttpRequest.BodyPublishers.ofByteArray(JsonCodec.toBytes(body))));
    }

    Answer submitRaw(String body) {
        return send(authorized("/v1/tasks").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer task(String id) {
        return send(authorized("/v1/tasks/" + id).GET());
    }

    Answer taskByClientTaskId(String clientTaskId) {
        return send(authorized("/v1/tasks?clientTaskId=" + java.net.URLEncoder.encode(clientTaskId, java.nio.charset.StandardCharsets.UTF_8)).GET());
    }

    Answer cancel(String id) {
        return send(authorized("/v1/tasks/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Downloads from an absolute URL without any Authorization header, as a CDN client would. */
    Answer download(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Answer head(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private HttpRequest.Builder authorized(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
