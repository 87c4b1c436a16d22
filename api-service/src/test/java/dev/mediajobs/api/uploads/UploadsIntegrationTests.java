package dev.mediajobs.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.api.ApiServiceApplication;
import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestKafka;
import dev.mediajobs.support.testing.TestRedis;
import dev.mediajobs.support.testing.TestS3;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Uploads and job inputs against the real api-service, Kafka, Redis and S3 of the test infrastructure, driven over
 * HTTP like any client. The upload limit is small (6 MiB) so that the 413 cases stay cheap, yet above one S3 part
 * (5 MiB), so that a large upload really goes up in several parts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadsIntegrationTests {

    private static final String SUFFIX = "uploads-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String BUCKET = "uploads-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY_A = "test-key-a-" + UUID.randomUUID();
    private static final String KEY_B = "test-key-b-" + UUID.randomUUID();
    private static final String REQUESTS = "test.requests." + SUFFIX;
    private static final String EVENTS = "test.events." + SUFFIX;
    private static final long MAX_BYTES = 6L * 1024 * 1024;
    private static final int MAX_INLINE = 512 * 1024;

    private static ConfigurableApplicationContext context;
    private static HttpClient http;
    private static String baseUrl;
    private static int port;
    private static MinioClient s3;
    private static KafkaConsumer<String, String> consumer;

    @BeforeAll
    static void start() {
        Map<String, Object> p = new LinkedHashMap<>(TestInfrastructure.all());
        p.putAll(TestInfrastructure.isolatedTopics(SUFFIX));
        p.put("server.port", 0);
        p.put("mediajobs.s3.bucket", BUCKET);
        p.put("mediajobs.api.tenants.tenant-a.key-sha256", Hashing.sha256Hex(KEY_A));
        p.put("mediajobs.api.tenants.tenant-b.key-sha256", Hashing.sha256Hex(KEY_B));
        p.put("mediajobs.api.uploads.max-bytes", MAX_BYTES + "B");
        p.put("mediajobs.api.uploads.max-inline-bytes", MAX_INLINE + "B");
        p.put("mediajobs.api.uploads.input-url-lifetime", "2h");
        p.put("mediajobs.providers.simulator.api-key", "simulator-test-key");
        p.put("spring.main.banner-mode", "off");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = ApiServiceApplication.builder().run(args);
        port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        baseUrl = "http://127.0.0.1:" + port;
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        s3 = MinioClient.builder().endpoint(TestS3.endpoint()).region("us-east-1")
                .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY).build();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "uploads-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    // ---------------------------------------------------------------- uploading

    @Test
    @Order(1)
    void aRawUploadIsStoredInPartsWithItsChecksumAndDownloadsAsTheSameBytes() throws Exception {
        // more than one S3 part (5 MiB), so the stream really goes up as a multipart upload
        byte[] video = mp4(5 * 1024 * 1024 + 300_000);

        Response r = send(post("/v1/uploads", KEY_A).header("Content-Type", "video/mp4")
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));

        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode upload = r.json();
        String id = upload.get("id").asString();
        assertThat(r.header("Location")).isEqualTo("/v1/uploads/" + id);
        assertThat(upload.get("contentType").asString()).isEqualTo("video/mp4");
        assertThat(upload.get("sizeBytes").asLong()).isEqualTo(video.length);
        assertThat(upload.get("sha256").asString()).isEqualTo(Hashing.sha256Hex(video));
        assertThat(upload.get("url").asString()).isEqualTo("upload:" + id);
        assertThat(Instant.parse(upload.get("expiresAt").asString())).isAfter(Instant.now());
        assertThat(download(upload.get("downloadUrl").asString())).isEqualTo(video);

        // S3 itself holds what an upload is: key, checksum, tenant and type, in the object's metadata
        StatObjectResponse stat = s3.statObject(StatObjectArgs.builder().bucket(BUCKET)
                .object("tenants/tenant-a/uploads/" + id + ".mp4").build());
        assertThat(stat.size()).isEqualTo(video.length);
        assertThat(stat.contentType()).isEqualTo("video/mp4");
        assertThat(stat.userMetadata()).containsEntry("sha256", Hashing.sha256Hex(video))
                .containsEntry("tenant", "tenant-a");
        assertThat(keys("staging/")).as("staging objects are removed").isEmpty();
    }

    @Test
    @Order(2)
    void aMultipartUploadTakesTheFileFieldAndItsType() {
        byte[] jpeg = jpeg(40_000);
        Response r = send(post("/v1/uploads", KEY_A).header("Content-Type", "multipart/form-data; boundary=XyZ-42")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("XyZ-42",
                        new Part("note", null, null, "a reference".getBytes(StandardCharsets.UTF_8)),
                        new Part("file", "cat.jpg", "image/jpeg", jpeg)))));

        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.json().get("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(r.json().get("sizeBytes").asLong()).isEqualTo(jpeg.length);
        assertThat(r.json().get("sha256").asString()).isEqualTo(Hashing.sha256Hex(jpeg));
        assertThat(download(r.json().get("downloadUrl").asString())).isEqualTo(jpeg);

        // a form that gives its file no type: the bytes tell (a PNG whose body holds boundary-like bytes)
        byte[] png = png(20_000);
        System.arraycopy("\r\n--XyZ-4".getBytes(StandardCharsets.US_ASCII), 0, png, 5_000, 9);
        Response untyped = send(post("/v1/uploads", KEY_A).header("Content-Type", "multipart/form-data; boundary=\"XyZ-42\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("XyZ-42",
                        new Part("file", "x.bin", "application/octet-stream", png)))));
        assertThat(untyped.status()).as(untyped.text()).isEqualTo(201);
        assertThat(untyped.json().get("contentType").asString()).isEqualTo("image/png");
        assertThat(untyped.json().get("sha256").asString()).isEqualTo(Hashing.sha256Hex(png));

        Response noFile = send(post("/v1/uploads", KEY_A).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("b", new Part("other", null, null, png)))));
        assertProblem(noFile, 400, "field_required", "file");
    }

    @Test
    @Order(3)
    void bytesThatAreNotTheDeclaredTypeAndOtherTypesAre415() {
        long before = keys("tenants/tenant-a/uploads/").size();

        Response jpegAsPng = send(post("/v1/uploads", KEY_A).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg(5_000))));
        assertProblem(jpegAsPng, 415, "unsupported_media_type", null);
        assertThat(jpegAsPng.json().get("detail").asString()).contains("declared image/png", "look like image/jpeg");

        Response text = send(post("/v1/uploads", KEY_A).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(text, 415, "unsupported_media_type", null);
        assertThat(text.json().get("detail").asString()).contains("text/plain", "image/png", "video/quicktime");

        Response none = send(post("/v1/uploads", KEY_A).POST(HttpRequest.BodyPublishers.ofByteArray(png(100))));
        assertProblem(none, 415, "unsupported_media_type", null);

        Response partMismatch = send(post("/v1/uploads", KEY_A).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("b", new Part("file", "a.gif", "image/gif", png(500))))));
        assertProblem(partMismatch, 415, "unsupported_media_type", null);

        assertThat(keys("tenants/tenant-a/uploads/")).hasSize((int) before);
    }

    @Test
    @Order(4)
    void anUploadAboveTheLimitIs413AndLeavesNothingBehind() throws IOException {
        long before = keys("tenants/tenant-a/uploads/").size();
        byte[] tooLarge = png((int) MAX_BYTES + 1);

        // declared too large: refused from the headers, before a byte of the body is read
        assertThat(rawStatusLine("POST /v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY_A
                + "\r\nContent-Type: image/png\r\nContent-Length: 999999999999\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 413");

        // chunked, so the size shows only while streaming
        Response chunked = send(post("/v1/uploads", KEY_A).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(tooLarge))));
        assertProblem(chunked, 413, "payload_too_large", null);

        Response multipart = send(post("/v1/uploads", KEY_A).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("b", new Part("file", "big.png", "image/png", tooLarge)))));
        assertProblem(multipart, 413, "payload_too_large", null);

        byte[] exactlyMax = png((int) MAX_BYTES);
        Response atLimit = send(post("/v1/uploads", KEY_A).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(exactlyMax)));
        assertThat(atLimit.status()).as("the limit itself is allowed").isEqualTo(201);

        assertThat(keys("tenants/tenant-a/uploads/")).hasSize((int) before + 1);
        assertThat(keys("staging/")).isEmpty();
    }

    @Test
    @Order(5)
    void anUploadBelongsToItsTenantAndOutlivesRedis() {
        byte[] png = png(3_000);
        String id = upload(KEY_A, "image/png", png).get("id").asString();

        assertProblem(send(get("/v1/uploads/" + id, KEY_B)), 404, "not_found", null);
        assertProblem(send(get("/v1/uploads/" + UUID.randomUUID(), KEY_A)), 404, "not_found", null);
        assertProblem(send(get("/v1/uploads/not-an-id", KEY_A)), 404, "not_found", null);
        assertThat(send(get("/v1/uploads/" + id, null)).status()).isEqualTo(401);

        // another tenant cannot use it as a job input either
        Response asB = send(post("/v1/jobs", KEY_B).header("Content-Type", "application/json").POST(json(
                imageToImage("upload:" + id))));
        assertProblem(asB, 422, "validation_failed", "input.imageUrls[0]");

        // nothing but S3 knows uploads
        TestRedis.flushAll();
        Response r = send(get("/v1/uploads/" + id, KEY_A));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("sha256").asString()).isEqualTo(Hashing.sha256Hex(png));
        assertThat(r.json().get("sizeBytes").asLong()).isEqualTo(png.length);
        assertThat(r.json().get("url").asString()).isEqualTo("upload:" + id);
        assertThat(download(r.json().get("downloadUrl").asString())).isEqualTo(png);
    }

    // ---------------------------------------------------------------- job inputs

    @Test
    @Order(10)
    void aJobWithAnUploadReferenceIsPublishedWithAPresignedUrl() {
        byte[] webp = webp(8_000);
        String id = upload(KEY_A, "image/webp", webp).get("id").asString();

        Response r = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage("upload:" + id))));

        assertThat(r.status()).as(r.text()).isEqualTo(202);
        JobRequest published = publishedRequest(r.json().get("id").asString());
        String url = published.input().imageUrls().get(0);
        assertThat(url).startsWith(TestS3.endpoint() + "/" + BUCKET + "/tenants/tenant-a/uploads/" + id + ".webp?")
                .contains("X-Amz-Signature=", "X-Amz-Expires=7200").hasSizeLessThanOrEqualTo(2048);
        assertThat(download(url)).isEqualTo(webp);
        assertThat(r.json().get("input").get("imageUrls").get(0).asString()).isEqualTo(url);
    }

    @Test
    @Order(11)
    void aJobWithADataUrlStoresItAndIsPublishedWithAPresignedUrl() {
        // larger than the 256 KiB body limit: the room above it is for inline data only
        byte[] gif = gif(300_000);
        String dataUrl = "data:image/gif;base64," + Base64.getEncoder().encodeToString(gif);

        Response r = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage(dataUrl, "https://images.example.com/second.png"))));

        assertThat(r.status()).as(r.text()).isEqualTo(202);
        JobRequest published = publishedRequest(r.json().get("id").asString());
        List<String> urls = published.input().imageUrls();
        assertThat(urls).hasSize(2);
        assertThat(urls.get(0)).startsWith(TestS3.endpoint() + "/" + BUCKET + "/tenants/tenant-a/uploads/")
                .contains(".gif?", "X-Amz-Signature=");
        assertThat(download(urls.get(0))).isEqualTo(gif);
        assertThat(urls.get(1)).as("an https URL is passed on unchanged").isEqualTo("https://images.example.com/second.png");

        String uploadId = urls.get(0).substring(urls.get(0).lastIndexOf('/') + 1, urls.get(0).indexOf(".gif?"));
        Response stored = send(get("/v1/uploads/" + uploadId, KEY_A));
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().get("sha256").asString()).isEqualTo(Hashing.sha256Hex(gif));

        // but nothing else may use that room
        String padded = JsonCodec.toJson(Map.of("provider", "simulator", "operation", "image-to-image",
                "options", Map.of("pad", "x".repeat(300 * 1024)),
                "input", Map.of("prompt", "x", "imageUrls", List.of("https://images.example.com/a.png"))));
        assertProblem(send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(padded))),
                413, "payload_too_large", null);
    }

    @Test
    @Order(12)
    void unusableInputsAre422NamingTheFieldAndNothingIsPublishedOrStored() {
        long requestsBefore = count(REQUESTS);
        long eventsBefore = count(EVENTS);
        long uploadsBefore = keys("tenants/tenant-a/uploads/").size();
        String goodData = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(1_000));

        Response metadata = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage(goodData, "http://169.254.169.254/latest/meta-data/"))));
        assertProblem(metadata, 422, "validation_failed", "input.imageUrls[1]");
        assertThat(metadata.json().get("detail").asString()).contains("input.imageUrls[1]", "169.254.169.254");

        // (the test infrastructure allow-lists 127.0.0.1 for its fakes, so private addresses stand in for loopback)
        Response internal = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage("https://images.example.com/ok.png", "https://10.1.2.3/a.png", "http://192.168.0.1:8080/b.png"))));
        assertProblem(internal, 422, "validation_failed", "input.imageUrls[1]");
        assertThat(internal.json().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactly("input.imageUrls[1]", "input.imageUrls[2]");

        Response unknownUpload = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage("upload:" + UUID.randomUUID()))));
        assertProblem(unknownUpload, 422, "validation_failed", "input.imageUrls[0]");

        Response mislabelled = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage("data:image/png;base64," + Base64.getEncoder().encodeToString(jpeg(500))))));
        assertProblem(mislabelled, 422, "validation_failed", "input.imageUrls[0]");
        assertThat(mislabelled.json().get("detail").asString()).contains("look like image/jpeg");

        Response tooLarge = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage("data:image/png;base64," + Base64.getEncoder().encodeToString(png(MAX_INLINE + 1))))));
        assertProblem(tooLarge, 422, "validation_failed", "input.imageUrls[0]");
        assertThat(tooLarge.json().get("errors").get(0).get("code").asString()).isEqualTo("field_too_long");

        Response notBase64 = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage("data:image/png,plain-text"))));
        assertProblem(notBase64, 422, "validation_failed", "input.imageUrls[0]");

        // an otherwise invalid request stores no inline input either
        Response invalid = send(post("/v1/jobs", KEY_A).header("Content-Type", "application/json").POST(json(
                imageToImage(goodData).replace("\"simulator\"", "\"no-such-provider\""))));
        assertProblem(invalid, 422, "unknown_provider", "provider");

        assertThat(count(REQUESTS)).isEqualTo(requestsBefore);
        assertThat(count(EVENTS)).isEqualTo(eventsBefore);
        assertThat(keys("tenants/tenant-a/uploads/")).hasSize((int) uploadsBefore);
    }

    // ---------------------------------------------------------------- helpers

    record Response(int status, java.net.http.HttpHeaders headers, String text) {
        JsonNode json() {
            return JsonCodec.mapper().readTree(text);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    record Part(String name, String fileName, String contentType, byte[] content) {
    }

    private static HttpRequest.Builder post(String path, String apiKey) {
        return request(path, apiKey);
    }

    private static HttpRequest.Builder get(String path, String apiKey) {
        return request(path, apiKey).GET();
    }

    private static HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode upload(String apiKey, String type, byte[] bytes) {
        Response r = send(post("/v1/uploads", apiKey).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    /** Fetches a presigned URL as a provider would: a plain GET, no credentials. */
    private static byte[] download(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends raw request headers and returns the status line: a Content-Length no client library would fake. */
    private static String rawStatusLine(String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.write(c);
            }
            return line.toString(StandardCharsets.ISO_8859_1).trim();
        }
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private static String imageToImage(String... imageUrls) {
        return JsonCodec.toJson(Map.of("provider", "simulator", "operation", "image-to-image", "options", Map.of(),
                "input", Map.of("prompt", "in the style of the reference", "imageUrls", List.of(imageUrls))));
    }

    private static JobRequest publishedRequest(String jobId) {
        List<JobRequest> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> r : readAll(REQUESTS)) {
                if (jobId.equals(r.key())) {
                    found.add(JsonCodec.fromJson(r.value(), JobRequest.class));
                }
            }
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static long count(String topic) {
        return consumer.endOffsets(partitions(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                records.add(r);
            }
        }
        consumer.unsubscribe();
        return records;
    }

    private static List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(r.get().objectName());
            }
        } catch (io.minio.errors.ErrorResponseException e) {
            if (!"NoSuchBucket".equals(e.errorResponse().code())) {
                throw new IllegalStateException("could not list " + prefix, e);
            }
            // the service creates the bucket on its first upload
        } catch (Exception e) {
            throw new IllegalStateException("could not list " + prefix, e);
        }
        return keys;
    }

    private static void assertProblem(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.text()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("code").asString()).as(r.text()).isEqualTo(code);
        if (field != null) {
            assertThat(p.get("field").asString()).as(r.text()).isEqualTo(field);
        }
        assertThat(r.text()).doesNotContain("Exception").doesNotContain(KEY_A).doesNotContain(TestS3.SECRET_KEY);
    }

    private static byte[] multipart(String boundary, Part... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("preamble to be ignored\r\n".getBytes(StandardCharsets.US_ASCII));
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"");
            if (part.fileName() != null) {
                head.append("; filename=\"").append(part.fileName()).append('"');
            }
            head.append("\r\n");
            if (part.contentType() != null) {
                head.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] withMagic(int size, byte[] magic, int offset) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy(magic, 0, bytes, offset, magic.length);
        return bytes;
    }

    static byte[] png(int size) {
        return withMagic(size, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0);
    }

    static byte[] jpeg(int size) {
        return withMagic(size, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, 0);
    }

    static byte[] gif(int size) {
        return withMagic(size, "GIF89a".getBytes(StandardCharsets.US_ASCII), 0);
    }

    static byte[] webp(int size) {
        byte[] bytes = withMagic(size, "RIFF".getBytes(StandardCharsets.US_ASCII), 0);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, bytes, 8, 4);
        return bytes;
    }

    static byte[] mp4(int size) {
        return withMagic(size, new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0);
    }
}
