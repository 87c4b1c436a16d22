package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.PollResult;
import dev.mediajobs.providers.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nano Banana on the generic job endpoint. The document pairs the field names "{@code image_size} /
 * {@code aspect_ratio}" and "{@code image_urls} / {@code image_input}" with "(for Edit/Pro)" and "(Pro only)": the
 * standard and edit models take {@code image_size} and {@code image_urls}, the Pro model {@code aspect_ratio},
 * {@code image_input} and {@code resolution}, as on Kie's model pages.
 */
final class NanoBananaFamily implements KieFamily {

    static final String ID = "nano-banana";
    private static final String STANDARD = "google/nano-banana";
    private static final String EDIT = "google/nano-banana-edit";
    private static final String PRO = "nano-banana-pro";
    private static final List<String> MODELS = List.of(STANDARD, EDIT, PRO);
    private static final List<String> INPUT_RATIOS = List.of("1:1", "16:9", "9:16", "4:3", "3:4", "21:9");
    private static final List<String> RATIOS = List.of("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "auto");
    private static final List<String> FORMATS = List.of("png", "jpg");
    private static final List<String> PRO_RESOLUTIONS = List.of("1K", "2K", "4K");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> models() {
        return MODELS;
    }

    @Override
    public String defaultModel(Operation operation) {
        return operation == Operation.IMAGE_TO_IMAGE ? EDIT : STANDARD;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.TEXT_TO_IMAGE, Operation.IMAGE_TO_IMAGE);
    }

    @Override
    public long pollIntervalMillis() {
        return 3_000;
    }

    @Override
    public Map<String, String> constraints() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("model", "Nano Banana: " + STANDARD + " (text-to-image), " + EDIT + " (image-to-image), " + PRO + " (both)");
        rules.put("input.aspectRatio", "Nano Banana: " + INPUT_RATIOS + " (options.image_size / aspect_ratio: auto)");
        rules.put("input.resolution", "Nano Banana Pro: " + PRO_RESOLUTIONS);
        rules.put("input.imageUrls", "Nano Banana edit: at least 1 (image_urls); Pro: optional (image_input); standard: none");
        rules.put("options.output_format", "png or jpg");
        return rules;
    }

    @Override
    public void check(KieJob job, KieChecks checks) {
        checks.prompt(job, "Nano Banana");
        checks.unsupported(job, "Nano Banana", "negativePrompt", "durationSeconds", "seed", "loop");
        checks.oneOf("input.aspectRatio", job.input().aspectRatio(), INPUT_RATIOS);
        checks.optionOneOf(job, PRO.equals(job.model()) ? "aspect_ratio" : "image_size", RATIOS);
        checks.optionOneOf(job, "output_format", FORMATS);
        switch (job.model()) {
            case STANDARD -> {
                onlyFor(job, checks, Operation.TEXT_TO_IMAGE);
                checks.imageCount(job, 0, 0, STANDARD);
                checks.unsupported(job, STANDARD, "resolution");
            }
            case EDIT -> {
                onlyFor(job, checks, Operation.IMAGE_TO_IMAGE);
                checks.imageCount(job, 1, Integer.MAX_VALUE, EDIT);
                checks.unsupported(job, EDIT, "resolution");
            }
            default -> {
                checks.oneOf("input.resolution", job.input().resolution(), PRO_RESOLUTIONS);
                checks.optionOneOf(job, "resolution", PRO_RESOLUTIONS);
                if (job.operation() == Operation.IMAGE_TO_IMAGE) {
                    checks.imageCount(job, 1, Integer.MAX_VALUE, PRO + " image-to-image");
                }
            }
        }
    }

    @Override
    public KieSubmission submission(KieJob job) {
        boolean pro = PRO.equals(job.model());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", job.prompt());
        KieJob.putIfPresent(input, pro ? "aspect_ratio" : "image_size", job.input().aspectRatio());
        if (!job.imageUrls().isEmpty()) {
            input.put(pro ? "image_input" : "image_urls", job.imageUrls());
        }
        if (pro) {
            KieJob.putIfPresent(input, "resolution", job.input().resolution());
        }
        return KieJobsEndpoint.submission(job, input, ID);
    }

    @Override
    public PollResult poll(String route, String kieTaskId, KieCalls calls) throws ProviderException {
        return KieJobsEndpoint.poll(kieTaskId, calls, pollIntervalMillis());
    }

    private static void onlyFor(KieJob job, KieChecks checks, Operation operation) {
        if (job.operation() != null && job.operation() != operation) {
            checks.invalid("model", job.model() + " is a " + operation.wireName() + " model, not " + job.operation().wireName());
        }
    }
}
