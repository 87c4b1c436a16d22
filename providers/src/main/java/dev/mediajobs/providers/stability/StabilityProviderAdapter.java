package dev.mediajobs.providers.stability;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderDescriptor;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.ProviderTask;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.http.AdapterSettings;
import dev.mediajobs.providers.http.FieldChecks;
import dev.mediajobs.providers.http.InputFiles;
import dev.mediajobs.providers.http.MultipartBody;
import dev.mediajobs.providers.http.ProviderErrors;
import dev.mediajobs.providers.http.ProviderHttp;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stability AI image-to-video (document 000, "Stability AI"): {@code POST /image-to-video} with a multipart form
 * ({@code image}, {@code seed}, {@code cfg_scale}, {@code motion_bucket_id}), then
 * {@code GET /image-to-video/result/{id}} with {@code Accept: video/*} until it answers 200 with the MP4 itself,
 * which becomes an inline asset of the poll result. Both calls carry {@code Authorization: Bearer <key>}.
 *
 * <p>Where the document leaves room (each in docs/providers/stability.md): the base URL is the API root with its
 * version, {@code https://api.stability.ai/v2beta}; the image comes from {@code input.imageUrls[0]} and is downloaded
 * first (at most {@value #MAX_IMAGE_BYTES} bytes: the document gives no limit, this one keeps the heap safe); the
 * document has no failed state, so a 200 with Stability's {@code finish-reason} header other than SUCCESS (e.g.
 * CONTENT_FILTERED) is a failed task; a poll 404 (unknown or expired generation) is {@link Kind#NOT_FOUND}. No
 * cancel call, no client task id, no model field.
 */
public final class StabilityProviderAdapter implements ProviderAdapter {

    public static final String ID = "stability";
    public static final String DEFAULT_BASE_URL = "https://api.stability.ai/v2beta";
    static final String SUBMIT_PATH = "/image-to-video";
    static final String RESULT_PATH = "/image-to-video/result/";
    static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    static final long DEFAULT_POLL_INTERVAL_MILLIS = 10_000;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    private final String baseUrl;
    private final ProviderHttp http;
    private final InputFiles inputFiles;
    private final ProviderDescriptor descriptor;

    /** Fetches input files under the strict {@link OutboundPolicy} (public addresses only). */
    public StabilityProviderAdapter(ProviderSettings settings) {
        this(settings, OutboundPolicy.strict());
    }

    /** @param outboundPolicy the SSRF guard for input file URLs (the service's {@code OutboundPolicy} bean) */
    public StabilityProviderAdapter(ProviderSettings settings, OutboundPolicy outboundPolicy) {
        AdapterSettings s = AdapterSettings.resolve(ID, settings, DEFAULT_BASE_URL, SUBMIT_PATH);
        this.baseUrl = s.baseUrl();
        this.http = s.http();
        this.inputFiles = s.inputFiles(outboundPolicy);
        this.descriptor = describe(s);
    }

    @Override
    public ProviderDescriptor describe() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(ProviderRequest request) {
        return StabilityRequestRules.check(request);
    }

    @Override
    public SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException {
        FieldChecks.refuseInvalid(ID, validate(request));
        String key = ProviderErrors.usableKey(ID, credentials);
        InputFiles.InputFile image = inputFiles.fetch("input.imageUrls[0]", request.input().imageUrls().getFirst(), MAX_IMAGE_BYTES);
        MultipartBody form = StabilitySubmitBody.of(request, image);
        HttpRequest post = http.request(baseUrl, SUBMIT_PATH)
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json")
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build();
        HttpResponse<byte[]> response = send(post, credentials);
        try {
            String id = StabilityResultAnswers.generationId(http.parseJson(response.body()), http);
            return SubmitResult.accepted(id, descriptor.defaultPollIntervalMillis());
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    @Override
    public PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        HttpRequest get = http.request(baseUrl, RESULT_PATH + pathSegment(task.taskId()))
                .header("Authorization", "Bearer " + ProviderErrors.usableKey(ID, credentials))
                .header("Accept", "video/*")
                .GET()
                .build();
        HttpResponse<byte[]> response = send(get, credentials);
        try {
            return StabilityResultAnswers.pollResult(response, http);
        } catch (ProviderException e) {
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    /** Sends; a non-2xx answer is mapped by status; every error comes without the key in it. */
    private HttpResponse<byte[]> send(HttpRequest request, ProviderCredentials credentials) throws ProviderException {
        try {
            HttpResponse<byte[]> response = http.send(request);
            if (response.statusCode() / 100 != 2) {
                throw http.errorFor(response);
            }
            return response;
        } catch (ProviderException e) {
            // a provider may echo the key it rejected in its error text
            throw ProviderErrors.withoutKey(e, credentials);
        }
    }

    private static String pathSegment(String id) throws ProviderException {
        if (id == null || id.isBlank()) {
            throw new ProviderException(Kind.INVALID_REQUEST, ID, null, "the task has no stability generation id", null);
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ProviderDescriptor describe(AdapterSettings s) {
        long pollMillis = s.pollIntervalMillis(DEFAULT_POLL_INTERVAL_MILLIS);
        long timeoutSeconds = s.taskTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("model", "none (the form has no model field)");
        constraints.put("input.imageUrls", "required: exactly one http(s) URL of the source image (square or near-square works "
                + "best), downloaded by the adapter, at most " + MAX_IMAGE_BYTES + " bytes");
        constraints.put("input.seed", "optional; 0-" + StabilityRequestRules.MAX_SEED);
        constraints.put("options.cfg_scale", "optional number 0-10 (motion strength; default 1.8)");
        constraints.put("options.motion_bucket_id", "optional whole number 1-255 (motion amount; default 127)");
        for (String unsupported : List.of("input.prompt", "input.negativePrompt", "input.aspectRatio", "input.resolution",
                "input.durationSeconds", "input.loop")) {
            constraints.put(unsupported, "not supported (image-to-video from the image alone)");
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("creditsPerMonthFree", 25);
        limits.put("creditsPerMonthStarter", 3_000);
        limits.put("creditsPerMonthProfessional", 10_000);
        limits.put("creditsPerGeneration", 10);
        return new ProviderDescriptor(ID, "Stability AI image-to-video", EnumSet.of(Operation.IMAGE_TO_VIDEO), List.of(),
                Collections.unmodifiableMap(constraints), pollMillis, timeoutSeconds, Collections.unmodifiableMap(limits),
                "About 10 credits per generation (Free: 25 credits/month, Starter: 3,000, Professional: 10,000). "
                        + "Generations take 60-180 s; the result is the MP4 itself.",
                false, false);
    }
}
