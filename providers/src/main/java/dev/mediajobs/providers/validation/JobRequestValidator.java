package dev.mediajobs.providers.validation;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FallbackTarget;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JobOptions;
import dev.mediajobs.common.JobRequest;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a submit request before anything reaches Kafka or a provider: provider-neutral rules first, then the chosen
 * provider's own {@link ProviderAdapter#validate}. Used by the api-service for REST calls and by the dispatcher for
 * requests published straight onto Kafka, so both paths accept exactly the same input.
 */
public class JobRequestValidator {

    public static final int MAX_PROMPT_CHARS = 10_000;
    public static final int MAX_URL_CHARS = 2_048;
    public static final int MAX_IMAGE_URLS = 16;
    public static final int MAX_OPTIONS = 64;
    public static final int MAX_ID_CHARS = 200;
    public static final int MAX_DURATION_SECONDS = 600;
    /** Entries of {@code options.fallbacks} at most: each may cost a paid attempt. */
    public static final int MAX_FALLBACKS = 5;
    private static final Pattern ASPECT_RATIO = Pattern.compile("\\d{1,4}:\\d{1,4}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ProviderRegistry registry;

    public JobRequestValidator(ProviderRegistry registry) {
        this.registry = registry;
    }

    /** The outcome: the resolved provider and operation when valid, the field errors otherwise. */
    public record Result(List<FieldError> errors, ProviderAdapter provider, Operation operation) {
        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    public Result validate(JobRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.tenant() == null || !TENANT.matcher(request.tenant()).matches()) {
            errors.add(new FieldError("tenant", ErrorCodes.FIELD_INVALID, "tenant must be 1-64 characters of A-Z a-z 0-9 . _ -"));
        }
        tooLong(errors, "requestId", request.requestId(), MAX_ID_CHARS);
        tooLong(errors, "model", request.model(), MAX_ID_CHARS);

        Operation operation = null;
        if (request.operation() == null || request.operation().isBlank()) {
            errors.add(new FieldError("operation", ErrorCodes.FIELD_REQUIRED, "operation is required, one of " + operationNames()));
        } else {
            operation = Operation.find(request.operation()).orElse(null);
            if (operation == null) {
                errors.add(new FieldError("operation", ErrorCodes.FIELD_INVALID,
                        "unknown operation '" + cut(request.operation()) + "', expected one of " + operationNames()));
            }
        }

        ProviderAdapter provider = resolveProvider(request, errors);
        if (provider != null && operation != null && !provider.describe().operations().contains(operation)) {
            errors.add(new FieldError("operation", ErrorCodes.UNSUPPORTED_OPERATION, "provider '" + provider.id()
                    + "' does not offer " + operation.wireName() + "; it offers " + provider.describe().operations().stream().map(Operation::wireName).toList()));
        }

        JobInput input = request.input() == null ? JobInput.ofPrompt(null) : request.input();
        checkInput(errors, operation, input);
        checkOptions(errors, request.options());
        if (request.webhookUrl() != null) {
            checkUrl(errors, "webhookUrl", request.webhookUrl());
        }

        if (errors.isEmpty() && provider != null) {
            ProviderRequest providerRequest = new ProviderRequest(request.jobId(), operation, request.model(), input,
                    JobOptions.forProvider(request.options()), null);
            errors.addAll(provider.validate(providerRequest));
            checkFallbacks(errors, request.options(), provider, providerRequest);
        }
        return new Result(List.copyOf(errors), provider, operation);
    }

    /**
     * {@code options.fallbacks}: each entry an enabled provider (each provider once, not the job's own) that offers the
     * operation and the model named, and that accepts the request as it is. Checked here, at submit, so that a chain
     * which could never carry the job is refused at once rather than found out after the primary ran out of credits.
     */
    private void checkFallbacks(List<FieldError> errors, Map<String, Object> options, ProviderAdapter primary,
                                ProviderRequest request) {
        Object value = options == null ? null : options.get(JobOptions.FALLBACKS);
        if (value == null) {
            return;
        }
        String field = "options." + JobOptions.FALLBACKS;
        if (!(value instanceof List<?> entries)) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, field
                    + " must be a list of provider ids or {\"provider\": ..., \"model\": ...} objects"));
            return;
        }
        if (entries.size() > MAX_FALLBACKS) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_TOO_LONG, "at most " + MAX_FALLBACKS + " fallbacks"));
            return;
        }
        Set<String> chain = new HashSet<>(Set.of(primary.id()));
        for (int i = 0; i < entries.size(); i++) {
            String entryField = field + "[" + i + "]";
            Optional<FallbackTarget> target = FallbackTarget.parse(entries.get(i));
            if (target.isEmpty()) {
                errors.add(new FieldError(entryField, ErrorCodes.FIELD_INVALID, entryField
                        + " must be a provider id or an object with \"provider\" and an optional \"model\""));
                continue;
            }
            checkFallback(errors, entryField, target.get(), chain, request);
        }
    }

    private void checkFallback(List<FieldError> errors, String field, FallbackTarget target, Set<String> chain,
                               ProviderRequest request) {
        Optional<ProviderAdapter> fallback = registry.find(target.provider());
        if (fallback.isEmpty()) {
            errors.add(new FieldError(field, ErrorCodes.UNKNOWN_PROVIDER, "unknown or disabled provider '"
                    + cut(target.provider()) + "'; GET /v1/providers lists them"));
            return;
        }
        ProviderAdapter adapter = fallback.get();
        if (!chain.add(adapter.id())) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, "provider '" + adapter.id()
                    + "' is already in the chain; each provider is tried once"));
            return;
        }
        if (!adapter.describe().operations().contains(request.operation())) {
            errors.add(new FieldError(field, ErrorCodes.UNSUPPORTED_OPERATION, "fallback provider '" + adapter.id()
                    + "' does not offer " + request.operation().wireName()));
            return;
        }
        List<String> models = adapter.describe().models();
        if (target.model() != null && !models.isEmpty() && !models.contains(target.model())) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, "fallback provider '" + adapter.id()
                    + "' has no model '" + cut(target.model()) + "'; it has " + models));
            return;
        }
        FallbackRequests.Fit fit = FallbackRequests.fit(adapter, request, target.model());
        for (FieldError e : fit.errors()) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, "fallback provider '" + adapter.id()
                    + "' cannot take this request: " + e.field() + ": " + e.message()));
        }
    }

    private ProviderAdapter resolveProvider(JobRequest request, List<FieldError> errors) {
        if (request.provider() != null) {
            Optional<ProviderAdapter> p = registry.find(request.provider());
            if (p.isEmpty()) {
                errors.add(new FieldError("provider", ErrorCodes.UNKNOWN_PROVIDER, "unknown or disabled provider '"
                        + cut(request.provider()) + "'; GET /v1/providers lists them"));
                return null;
            }
            List<String> models = p.get().describe().models();
            if (request.model() != null && !models.isEmpty() && !models.contains(request.model())) {
                errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID, "provider '" + p.get().id()
                        + "' has no model '" + cut(request.model()) + "'; it has " + models));
            }
            return p.get();
        }
        if (request.model() != null) {
            Optional<ProviderAdapter> p = registry.findByModel(request.model());
            if (p.isEmpty()) {
                errors.add(new FieldError("model", ErrorCodes.UNKNOWN_PROVIDER, "no enabled provider offers model '"
                        + cut(request.model()) + "'"));
            }
            return p.orElse(null);
        }
        errors.add(new FieldError("provider", ErrorCodes.FIELD_REQUIRED, "provider or model is required"));
        return null;
    }

    private static void checkInput(List<FieldError> errors, Operation operation, JobInput input) {
        boolean needsPrompt = operation != null && operation != Operation.IMAGE_TO_VIDEO && operation != Operation.VIDEO_TO_VIDEO;
        if (input.prompt() == null || input.prompt().isBlank()) {
            if (needsPrompt) {
                errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "input.prompt is required for " + operation.wireName()));
            }
        } else {
            tooLong(errors, "input.prompt", input.prompt(), MAX_PROMPT_CHARS);
        }
        tooLong(errors, "input.negativePrompt", input.negativePrompt(), MAX_PROMPT_CHARS);
        boolean needsImage = operation == Operation.IMAGE_TO_VIDEO || operation == Operation.IMAGE_TO_IMAGE
                || operation == Operation.VIDEO_TO_VIDEO;
        if (needsImage && input.imageUrls().isEmpty()) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_REQUIRED, "input.imageUrls needs at least one URL for " + operation.wireName()));
        }
        if (input.imageUrls().size() > MAX_IMAGE_URLS) {
            errors.add(new FieldError("input.imageUrls", ErrorCodes.FIELD_TOO_LONG, "at most " + MAX_IMAGE_URLS + " image URLs"));
        }
        for (int i = 0; i < input.imageUrls().size() && i < MAX_IMAGE_URLS; i++) {
            checkUrl(errors, "input.imageUrls[" + i + "]", input.imageUrls().get(i));
        }
        if (input.aspectRatio() != null && !ASPECT_RATIO.matcher(input.aspectRatio()).matches()) {
            errors.add(new FieldError("input.aspectRatio", ErrorCodes.FIELD_INVALID, "aspectRatio must look like 16:9"));
        }
        if (input.durationSeconds() != null && (input.durationSeconds() < 1 || input.durationSeconds() > MAX_DURATION_SECONDS)) {
            errors.add(new FieldError("input.durationSeconds", ErrorCodes.FIELD_INVALID, "durationSeconds must be 1-" + MAX_DURATION_SECONDS));
        }
        tooLong(errors, "input.resolution", input.resolution(), 32);
        if (input.seed() != null && input.seed() < 0) {
            errors.add(new FieldError("input.seed", ErrorCodes.FIELD_INVALID, "seed must not be negative"));
        }
    }

    private static void checkOptions(List<FieldError> errors, Map<String, Object> options) {
        if (options == null) {
            return;
        }
        if (options.size() > MAX_OPTIONS) {
            errors.add(new FieldError("options", ErrorCodes.FIELD_TOO_LONG, "at most " + MAX_OPTIONS + " options"));
        }
        Object webhookEvents = options.get(JobOptions.WEBHOOK_EVENTS);
        if (webhookEvents != null && !(webhookEvents instanceof List<?> list
                && list.stream().allMatch(e -> e instanceof String t && JobOptions.SUBSCRIBABLE_EVENTS.contains(t)))) {
            errors.add(new FieldError("options." + JobOptions.WEBHOOK_EVENTS, ErrorCodes.FIELD_INVALID,
                    "options.webhookEvents must be a list of " + new java.util.TreeSet<>(JobOptions.SUBSCRIBABLE_EVENTS)));
        }
        options.forEach((k, v) -> {
            if (k.length() > 100) {
                errors.add(new FieldError("options", ErrorCodes.FIELD_TOO_LONG, "option names are at most 100 characters"));
            }
            if (v instanceof String s && s.length() > MAX_PROMPT_CHARS) {
                errors.add(new FieldError("options." + cut(k), ErrorCodes.FIELD_TOO_LONG, "option values are at most " + MAX_PROMPT_CHARS + " characters"));
            }
        });
    }

    private static void checkUrl(List<FieldError> errors, String field, String url) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_REQUIRED, field + " must not be empty"));
            return;
        }
        if (url.length() > MAX_URL_CHARS) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_TOO_LONG, field + " is longer than " + MAX_URL_CHARS + " characters"));
            return;
        }
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
                errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, field + " must be an absolute http(s) URL"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_INVALID, field + " is not a valid URL"));
        }
    }

    private static void tooLong(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, ErrorCodes.FIELD_TOO_LONG, field + " is " + value.length() + " characters; at most " + max));
        }
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static List<String> operationNames() {
        return java.util.Arrays.stream(Operation.values()).map(Operation::wireName).toList();
    }
}
