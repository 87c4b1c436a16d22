package dev.mediajobs.providers.stability;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.testing.MediaHeaders;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import dev.mediajobs.providers.http.MultipartForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stability AI's image-to-video API as document 000 describes it, on 127.0.0.1 at a random port:
 * {@code POST /v2beta/image-to-video} (multipart: {@code image}, {@code seed}, {@code cfg_scale},
 * {@code motion_bucket_id}, each checked as documented; an unknown field is a 400) and
 * {@code GET /v2beta/image-to-video/result/{id}} with {@code Accept: video/*}, which answers 202 on the first poll
 * and then 200 with the MP4 bytes themselves. {@code Authorization: Bearer <key>} is checked exactly. Sample source
 * images are served under {@link #inputUrl}.
 *
 * <p>Scripted outcomes: seed {@link #CONTENT_FILTERED_SEED} finishes with {@code finish-reason: CONTENT_FILTERED};
 * the key {@link #NO_CREDITS_KEY} gets the documented 402.
 */
public final class StabilityWireFake extends WireFakeServer {

    public static final long CONTENT_FILTERED_SEED = 4_242;
    public static final String NO_CREDITS_KEY = "stability-no-credits";
    public static final String PNG = "source.png";
    public static final String JPEG = "source.jpg";
    public static final String TEXT = "notes.txt";
    public static final byte[] MP4 = MediaHeaders.MP4;

    private static final Set<String> FIELDS = Set.of("image", "seed", "cfg_scale", "motion_bucket_id");
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Generation(long seed, AtomicInteger polls) {
    }

    private final String apiKey;
    private final Map<String, byte[]> inputs;
    private final Map<String, Generation> generations = new ConcurrentHashMap<>();

    private StabilityWireFake(String apiKey) throws IOException {
        super("stability-wire-fake");
        this.apiKey = apiKey;
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 4, 0, 0, 0, 2, 0x40, 8, 2, 0, 0, 0};
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
        this.inputs = Map.of(PNG, png, JPEG, jpeg, TEXT, "not an image".getBytes());
    }

    public static StabilityWireFake start(String apiKey) {
        try {
            return listening(new StabilityWireFake(apiKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to configure as the adapter's base URL (the API root with its version, like https://api.stability.ai/v2beta). */
    @Override
    public String baseUrl() {
        return rootUrl() + "/v2beta";
    }

    public String inputUrl(String name) {
        return rootUrl() + "/inputs/" + name;
    }

    public byte[] input(String name) {
        return inputs.get(name).clone();
    }

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        byte[] body = exchange.body();
        String method = exchange.method();
        String path = exchange.path();
        if (method.equals("GET") && path.startsWith("/inputs/") && inputs.containsKey(path.substring(8))) {
            String name = path.substring(8);
            send(exchange, 200, name.endsWith(".png") ? "image/png" : name.endsWith(".jpg") ? "image/jpeg" : "text/plain", inputs.get(name));
            return;
        }
        String auth = exchange.header("Authorization");
        if (("Bearer " + NO_CREDITS_KEY).equals(auth)) {
            error(exchange, 402, "payment_required", "You lack sufficient credits to make this request.");
        } else if (!("Bearer " + apiKey).equals(auth)) {
            error(exchange, 401, "unauthorized", "Incorrect API key provided: " + auth);
        } else if (method.equals("POST") && path.equals("/v2beta/image-to-video")) {
            submit(exchange, body);
        } else if (method.equals("GET") && path.startsWith("/v2beta/image-to-video/result/")) {
            result(exchange, path.substring("/v2beta/image-to-video/result/".length()));
        } else {
            error(exchange, 404, "not_found", "Not found: " + method + " " + path);
        }
    }

    private void submit(WireExchange exchange, byte[] body) throws IOException {
        MultipartForm form;
        try {
            form = MultipartForm.parse(exchange.header("Content-Type"), body);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "bad_request", "Invalid multipart form: " + e.getMessage());
            return;
        }
        String problem = problem(form);
        if (problem != null) {
            error(exchange, 400, "bad_request", problem);
            return;
        }
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String generationId = HexFormat.of().formatHex(id);
        long seed = form.text("seed").map(Long::parseLong).orElse(0L);
        generations.put(generationId, new Generation(seed, new AtomicInteger()));
        send(exchange, 200, "application/json", JsonCodec.toBytes(Map.of("id", generationId)));
    }

    private static String problem(MultipartForm form) {
        for (String field : form.names()) {
            if (!FIELDS.contains(field)) {
                return "Unrecognized field: " + field;
            }
        }
        MultipartForm.Part image = form.part("image").orElse(null);
        if (image == null || image.filename() == null || image.content().length == 0) {
            return "image: required file";
        }
        if (!isPng(image.content()) && !isJpeg(image.content())) {
            return "image: Invalid image format";
        }
        String seed = form.text("seed").orElse(null);
        if (seed != null && !(seed.matches("\\d{1,10}") && Long.parseLong(seed) <= 4_294_967_294L)) {
            return "seed: must be an integer 0-4294967294";
        }
        String cfg = form.text("cfg_scale").orElse(null);
        if (cfg != null && !within(cfg, BigDecimal.ZERO, BigDecimal.TEN)) {
            return "cfg_scale: must be a number 0-10";
        }
        String motion = form.text("motion_bucket_id").orElse(null);
        if (motion != null && !(motion.matches("\\d{1,3}") && within(motion, BigDecimal.ONE, BigDecimal.valueOf(255)))) {
            return "motion_bucket_id: must be an integer 1-255";
        }
        return null;
    }

    private void result(WireExchange exchange, String id) throws IOException {
        if (!"video/*".equals(exchange.header("Accept"))) {
            error(exchange, 400, "bad_request", "Accept must be video/* (or application/json)");
            return;
        }
        Generation generation = generations.get(id);
        if (generation == null) {
            error(exchange, 404, "not_found", "Generation " + id + " not found (results are kept for 24 hours)");
            return;
        }
        if (generation.polls().incrementAndGet() == 1) {
            send(exchange, 202, "application/json", JsonCodec.toBytes(Map.of("id", id, "status", "in-progress")));
            return;
        }
        boolean filtered = generation.seed() == CONTENT_FILTERED_SEED;
        exchange.setResponseHeader("finish-reason", filtered ? "CONTENT_FILTERED" : "SUCCESS");
        exchange.setResponseHeader("seed", Long.toString(generation.seed()));
        send(exchange, 200, "video/mp4", MP4);
    }

    private static boolean within(String number, BigDecimal min, BigDecimal max) {
        try {
            BigDecimal v = new BigDecimal(number);
            return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    }

    private static void error(WireExchange exchange, int status, String name, String message) throws IOException {
        send(exchange, status, "application/json", JsonCodec.toBytes(Map.of("id", "err-" + status, "name", name, "errors", List.of(message))));
    }

    private static void send(WireExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.send(status, contentType, body);
    }
}
