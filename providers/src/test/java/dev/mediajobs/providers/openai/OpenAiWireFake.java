package dev.mediajobs.providers.openai;

import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.providers.testing.WireExchange;
import dev.mediajobs.providers.testing.WireFakeServer;
import dev.mediajobs.providers.http.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's image API as document 000 describes it, on 127.0.0.1 at a random port: {@code POST /v1/images/generations}
 * (JSON) and {@code POST /v1/images/edits} (multipart), {@code Authorization: Bearer <key>} checked exactly, every
 * field checked as documented (an unknown field is a 400, as at OpenAI), answers in the documented shape with image
 * URLs served by the fake itself ({@code /files/…}, real PNG bytes) or as {@code b64_json}. It also serves sample
 * edit inputs under {@code /inputs/…}.
 *
 * <p>Scripted failures: a prompt containing {@link #POLICY_VIOLATION} is refused like a content-policy violation
 * (400 {@code content_policy_violation}); the key {@link #EXHAUSTED_KEY} gets OpenAI's out-of-quota answer (429
 * {@code insufficient_quota}); a key marked with {@link #outOfCredits} gets a 402 in OpenAI's error envelope (what
 * OpenAI-compatible gateways send for an account without credit; OpenAI itself sends the 429 above: the adapter reads
 * both as {@code CREDITS}); any other wrong key gets a 401 that echoes the key, as some providers do.
 */
public final class OpenAiWireFake extends WireFakeServer {

    public static final String POLICY_VIOLATION = "[policy-violation]";
    public static final String EXHAUSTED_KEY = "sk-exhausted-quota";
    /** Sample edit inputs, served under {@link #inputUrl}. */
    public static final String SQUARE_TRANSPARENT_PNG = "square-transparent.png";
    public static final String SQUARE_OPAQUE_PNG = "square-opaque.png";
    public static final String WIDE_TRANSPARENT_PNG = "wide-transparent.png";
    public static final String HUGE_PNG = "huge.png";
    public static final String JPEG = "photo.jpg";

    private static final Set<String> GENERATION_FIELDS = Set.of("model", "prompt", "n", "size", "quality", "style", "response_format");
    private static final Set<String> EDIT_FIELDS = Set.of("image", "prompt", "n", "size");
    private static final List<String> GENERATION_SIZES = List.of("1024x1024", "1792x1024", "1024x1792");
    private static final List<String> EDIT_SIZES = List.of("256x256", "512x512", "1024x1024");
    private static final long MAX_EDIT_IMAGE_BYTES = 4L * 1024 * 1024;

    private final String apiKey;
    private final Map<String, byte[]> inputs;
    private final byte[] outputPng;
    private final AtomicBoolean base64Answers = new AtomicBoolean();
    private final AtomicInteger images = new AtomicInteger();
    private final Set<String> keysWithoutCredit = ConcurrentHashMap.newKeySet();

    private OpenAiWireFake(String apiKey) throws IOException {
        super("openai-wire-fake");
        this.apiKey = apiKey;
        byte[] squareTransparent = png(64, 64, true);
        byte[] huge = Arrays.copyOf(squareTransparent, (int) MAX_EDIT_IMAGE_BYTES + 16);
        this.inputs = Map.of(SQUARE_TRANSPARENT_PNG, squareTransparent, SQUARE_OPAQUE_PNG, png(64, 64, false),
                WIDE_TRANSPARENT_PNG, png(96, 64, true), HUGE_PNG, huge, JPEG, jpeg());
        this.outputPng = png(16, 16, false);
    }

    public static OpenAiWireFake start(String apiKey) {
        try {
            return listening(new OpenAiWireFake(apiKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to configure as the adapter's base URL (the API root with its version, like https://api.openai.com/v1). */
    @Override
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    public String inputUrl(String name) {
        return rootUrl() + "/inputs/" + name;
    }

    public byte[] input(String name) {
        return inputs.get(name);
    }

    /** Answer with {@code b64_json} instead of {@code url} (what OpenAI does when asked, and some compatible proxies always). */
    public void answerWithBase64(boolean base64) {
        base64Answers.set(base64);
    }

    public byte[] outputPng() {
        return outputPng.clone();
    }

    /**
     * From now on this key (a second key of the same account pool, say) is refused with a 402
     * {@code insufficient_quota}: the key is known but its account has no credit left.
     */
    public void outOfCredits(String key) {
        keysWithoutCredit.add(key);
    }

    // ------------------------------------------------------------------------------------------------ protocol

    @Override
    protected void handle(WireExchange exchange) throws IOException {
        byte[] body = exchange.body();
        String method = exchange.method();
        String path = exchange.path();
        if (method.equals("GET") && path.startsWith("/files/")) {
            send(exchange, 200, "image/png", outputPng);
        } else if (method.equals("GET") && path.startsWith("/inputs/") && inputs.containsKey(path.substring(8))) {
            String name = path.substring(8);
            send(exchange, 200, name.endsWith(".jpg") ? "image/jpeg" : "image/png", inputs.get(name));
        } else if (method.equals("POST") && path.equals("/v1/images/generations")) {
            answer(exchange, () -> generation(exchange, body));
        } else if (method.equals("POST") && path.equals("/v1/images/edits")) {
            answer(exchange, () -> edit(exchange, body));
        } else {
            error(exchange, 404, "invalid_request_error", null, "Unknown request URL: " + method + " " + path);
        }
    }

    private interface Step {
        void run() throws IOException, Refusal;
    }

    /** A documented error answer. */
    private static final class Refusal extends Exception {
        final int status;
        final String type;
        final String code;

        Refusal(int status, String type, String code, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
        }

        static Refusal invalid(String message) {
            return new Refusal(400, "invalid_request_error", null, message);
        }
    }

    private void answer(WireExchange exchange, Step step) throws IOException {
        try {
            checkKey(exchange);
            step.run();
        } catch (Refusal r) {
            error(exchange, r.status, r.type, r.code, r.getMessage());
        }
    }

    private void checkKey(WireExchange exchange) throws Refusal {
        String auth = exchange.header("Authorization");
        if (("Bearer " + EXHAUSTED_KEY).equals(auth)) {
            throw new Refusal(429, "insufficient_quota", "insufficient_quota",
                    "You exceeded your current quota, please check your plan and billing details.");
        }
        if (auth != null && auth.startsWith("Bearer ") && keysWithoutCredit.contains(auth.substring(7))) {
            throw new Refusal(402, "insufficient_quota", "insufficient_quota",
                    "You exceeded your current quota, please check your plan and billing details.");
        }
        if (!("Bearer " + apiKey).equals(auth)) {
            throw new Refusal(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + auth + ".");
        }
    }

    private void generation(WireExchange exchange, byte[] body) throws IOException, Refusal {
        if (!"application/json".equals(exchange.header("Content-Type"))) {
            throw Refusal.invalid("Content-Type must be application/json");
        }
        JsonNode json;
        try {
            json = JsonCodec.mapper().readTree(body);
        } catch (RuntimeException e) {
            throw Refusal.invalid("We could not parse the JSON body of your request.");
        }
        for (String field : json.propertyNames()) {
            if (!GENERATION_FIELDS.contains(field)) {
                throw Refusal.invalid("Unrecognized request argument supplied: " + field);
            }
        }
        if (!"dall-e-3".equals(text(json, "model"))) {
            throw Refusal.invalid("model must be dall-e-3");
        }
        String prompt = text(json, "prompt");
        checkPrompt(prompt, 4000);
        if (json.has("n") && !(json.get("n").isIntegralNumber() && json.get("n").asInt() == 1)) {
            throw Refusal.invalid("You must provide n=1 for this model.");
        }
        checkOneOf(json, "size", GENERATION_SIZES);
        checkOneOf(json, "quality", List.of("standard", "hd"));
        checkOneOf(json, "style", List.of("vivid", "natural"));
        images(exchange, prompt, base64Answers.get() || "b64_json".equals(text(json, "response_format")));
    }

    private void edit(WireExchange exchange, byte[] body) throws IOException, Refusal {
        MultipartForm form;
        try {
            form = MultipartForm.parse(exchange.header("Content-Type"), body);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("Invalid multipart form: " + e.getMessage());
        }
        for (String field : form.names()) {
            if (!EDIT_FIELDS.contains(field)) {
                throw Refusal.invalid("Unrecognized request argument supplied: " + field);
            }
        }
        MultipartForm.Part image = form.part("image").filter(p -> p.filename() != null)
                .orElseThrow(() -> Refusal.invalid("image is a required file field"));
        checkEditImage(image.content());
        String prompt = form.text("prompt").orElse(null);
        checkPrompt(prompt, 4000);
        if (form.part("n").isPresent() && !form.text("n").orElse("").equals("1")) {
            throw Refusal.invalid("n must be 1");
        }
        if (form.part("size").isPresent() && !EDIT_SIZES.contains(form.text("size").orElse(""))) {
            throw Refusal.invalid("size must be one of " + EDIT_SIZES);
        }
        images(exchange, prompt, base64Answers.get());
    }

    private static void checkPrompt(String prompt, int max) throws Refusal {
        if (prompt == null || prompt.isBlank()) {
            throw Refusal.invalid("prompt is a required field");
        }
        if (prompt.length() > max) {
            throw Refusal.invalid("prompt is too long: maximum " + max + " characters");
        }
        if (prompt.contains(POLICY_VIOLATION)) {
            throw new Refusal(400, "invalid_request_error", "content_policy_violation",
                    "Your request was rejected as a result of our safety system.");
        }
    }

    /** Document 000: "PNG file (required, must be square, <4MB)", "must be square and have transparency". */
    private static void checkEditImage(byte[] png) throws Refusal {
        if (png.length >= MAX_EDIT_IMAGE_BYTES) {
            throw Refusal.invalid("image must be less than 4 MB");
        }
        ByteBuffer in = ByteBuffer.wrap(png);
        if (png.length < 33 || in.getLong(0) != 0x89504E470D0A1A0AL || in.getInt(12) != 0x49484452) {
            throw Refusal.invalid("Invalid input image - format must be in ['png']");
        }
        if (in.getInt(16) != in.getInt(20)) {
            throw Refusal.invalid("Invalid input image - image must be square");
        }
        int colorType = png[25] & 0xff;
        if (colorType != 4 && colorType != 6) {
            throw Refusal.invalid("Invalid input image - image must have transparency");
        }
    }

    private void images(WireExchange exchange, String prompt, boolean base64) throws IOException {
        int n = images.incrementAndGet();
        Map<String, Object> image = base64
                ? Map.of("b64_json", Base64.getEncoder().encodeToString(outputPng), "revised_prompt", "Revised: " + prompt)
                : Map.of("url", rootUrl() + "/files/img-" + n + ".png", "revised_prompt", "Revised: " + prompt);
        send(exchange, 200, "application/json", JsonCodec.toBytes(Map.of("created", 1_700_000_000 + n, "data", List.of(image))));
    }

    private static void checkOneOf(JsonNode json, String field, List<String> allowed) throws Refusal {
        if (json.has(field) && !allowed.contains(text(json, field))) {
            throw Refusal.invalid(field + " must be one of " + allowed);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    private static void error(WireExchange exchange, int status, String type, String code, String message) throws IOException {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        send(exchange, status, "application/json", JsonCodec.toBytes(Map.of("error", error)));
    }

    private static void send(WireExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.send(status, contentType, body);
    }

    // ------------------------------------------------------------------------------------------------ sample images

    static byte[] png(int width, int height, boolean transparent) {
        BufferedImage image = new BufferedImage(width, height, transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff3366cc);
        return encode(image, "png");
    }

    private static byte[] jpeg() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
