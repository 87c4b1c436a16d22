package dev.mediajobs.providers.http;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.ProviderRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The video generate request reference document 001 gives Sora 2 and Veo3 alike: {@code POST /v1/video/generate}
 * with {@code {prompt, duration, resolution: "WIDTHxHEIGHT", fps}} and the document's defaults, 10 s, 1920x1080 and
 * 24 fps. A provider may add fields of its own (Sora's {@code reference_images}); options the document does not show
 * pass through as they are.
 */
public final class VideoGenerateRequest {

    static final String FPS = "fps";
    static final int DEFAULT_DURATION_SECONDS = 10;
    static final PixelSize DEFAULT_SIZE = new PixelSize(1920, 1080);
    static final String DEFAULT_ASPECT_RATIO = "16:9";
    static final int DEFAULT_FPS = 24;

    private final String providerName;
    private final Set<String> reservedOptions;
    private final String inputFields;

    /**
     * @param providerName    as the messages name it, e.g. {@code Sora}
     * @param reservedOptions the body fields the adapter sets from the input, refused as options
     * @param inputFields     the input fields they are set from, for the message refusing them
     */
    public VideoGenerateRequest(String providerName, Set<String> reservedOptions, String inputFields) {
        this.providerName = providerName;
        this.reservedOptions = Set.copyOf(reservedOptions);
        this.inputFields = inputFields;
    }

    /**
     * What the document's request cannot carry, after the provider's own checks of operation, model, prompt and
     * images: the duration, aspect ratio and resolution, the input fields it has no place for, {@code options.fps},
     * and options that would overwrite a field set from the input.
     */
    public void check(List<FieldError> errors, ProviderRequest request) {
        JobInput input = request.input();
        if (input.durationSeconds() != null && input.durationSeconds() < 1) {
            errors.add(new FieldError("input.durationSeconds", ErrorCodes.FIELD_INVALID, "durationSeconds must be at least 1"));
        }
        if (input.aspectRatio() != null && !PixelSize.isRatio(input.aspectRatio())) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio must look like 16:9"));
        }
        if (size(input).isEmpty()) {
            errors.add(new FieldError("input.resolution", ErrorCodes.FIELD_INVALID, "resolution must be WIDTHxHEIGHT "
                    + "(e.g. 1920x1080) or lines like 720p / 1080p"));
        } else if (input.aspectRatio() != null && PixelSize.parse(input.resolution())
                .map(size -> !size.hasAspectRatio(input.aspectRatio())).orElse(false)) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio " + input.aspectRatio()
                    + " contradicts resolution " + input.resolution()));
        }
        String requestHasNo = providerName + "'s generate request has no";
        FieldChecks.notTaken(errors, "input.negativePrompt", input.negativePrompt(), requestHasNo);
        FieldChecks.notTaken(errors, "input.seed", input.seed(), requestHasNo);
        FieldChecks.notTaken(errors, "input.loop", input.loop(), requestHasNo);
        Object fps = request.options().get(FPS);
        if (fps != null && !FieldChecks.isPositiveWholeNumber(fps)) {
            errors.add(new FieldError("options." + FPS, ErrorCodes.FIELD_INVALID, "options.fps must be a whole number of at least 1"));
        }
        FieldChecks.reservedOptions(errors, request.options(), reservedOptions, "is set from the input (" + inputFields + ")");
    }

    /**
     * The body with the document's defaults, then the provider's own fields, then the options the document does not
     * show, as they are.
     */
    public static Map<String, Object> body(ProviderRequest request, Map<String, Object> providerFields) {
        JobInput input = request.input();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", input.prompt());
        body.put("duration", input.durationSeconds() != null ? input.durationSeconds() : DEFAULT_DURATION_SECONDS);
        body.put("resolution", size(input).orElse(DEFAULT_SIZE).wire());
        body.put("fps", request.options().getOrDefault(FPS, DEFAULT_FPS));
        body.putAll(providerFields);
        request.options().forEach(body::putIfAbsent);
        return body;
    }

    /**
     * The frame size: {@code WIDTHxHEIGHT} as given, {@code 720p}/{@code 1080p}/… in the aspect ratio (16:9 unless
     * given), 1080p in the aspect ratio when only that is given, else the document's 1920x1080. Empty when the
     * resolution is none of these.
     */
    public static Optional<PixelSize> size(JobInput input) {
        if (input.resolution() == null || input.resolution().isBlank()) {
            return Optional.of(PixelSize.isRatio(input.aspectRatio())
                    ? PixelSize.withShortSide(DEFAULT_SIZE.height(), input.aspectRatio()) : DEFAULT_SIZE);
        }
        return PixelSize.ofResolution(input.resolution(), input.aspectRatio(), DEFAULT_ASPECT_RATIO);
    }
}
