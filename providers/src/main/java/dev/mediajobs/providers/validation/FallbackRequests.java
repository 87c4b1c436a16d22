package dev.mediajobs.providers.validation;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * How a job's request is put to a fallback provider: the same input and options, with the model the fallback entry
 * names, or else the model the fallback provider would pick. The api-service (through {@link JobRequestValidator}) and
 * the dispatcher use this one rule, so a chain accepted at submit is the chain the dispatcher walks.
 */
public final class FallbackRequests {

    /**
     * The fallback's model and what the fallback provider finds wrong with the request for it.
     *
     * @param model  the model to ask for, or null for the provider's default
     * @param errors the provider's field errors; empty when the request fits
     */
    public record Fit(String model, List<FieldError> errors) {

        public boolean fits() {
            return errors.isEmpty();
        }
    }

    private FallbackRequests() {
    }

    /**
     * @param request        the job's request as its own provider sees it (reserved options already removed)
     * @param requestedModel the fallback entry's model, or null
     */
    public static Fit fit(ProviderAdapter fallback, ProviderRequest request, String requestedModel) {
        if (requestedModel != null) {
            return new Fit(requestedModel, fallback.validate(withModel(request, requestedModel)));
        }
        // The descriptor lists models but not which operation each one serves: take the first listed model the
        // provider accepts for this request, else none at all (OpenAI's edit form, for one, must carry no model).
        List<String> candidates = new ArrayList<>();
        if (!fallback.describe().models().isEmpty()) {
            candidates.add(fallback.describe().models().getFirst());
        }
        candidates.add(null);
        Fit first = null;
        for (String model : candidates) {
            List<FieldError> errors = fallback.validate(withModel(request, model));
            if (errors.isEmpty()) {
                return new Fit(model, List.of());
            }
            if (first == null) {
                first = new Fit(model, List.copyOf(errors));
            }
        }
        return first;
    }

    public static ProviderRequest withModel(ProviderRequest request, String model) {
        return new ProviderRequest(request.clientTaskId(), request.operation(), model, request.input(), request.options(),
                request.callbackUrl());
    }
}
