package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The family registry: which family serves a request. The model decides (model ids are unique across families);
 * without a model, {@code options.kieFamily} names the family, a Midjourney {@code options.taskType} picks
 * Midjourney, and otherwise the operation's default family does: GPT-4o image for images (the document's own
 * example), Veo 3.1 for text- and image-to-video ({@code veo3_fast} is its documented default), Runway Aleph for
 * video-to-video, Suno for music.
 */
final class KieFamilies {

    /** A request's family and model (the family's default when the request names none). */
    record Resolution(KieFamily family, String model) {
    }

    private final List<KieFamily> families = List.of(
            new Gpt4oImageFamily(), new FluxKontextFamily(), new NanoBananaFamily(), new MidjourneyFamily(),
            new VeoFamily(), new RunwayFamily(), new RunwayAlephFamily(), new LumaModifyFamily(), new SoraFamily(),
            new WanFamily(), new SunoFamily(), new SunoLyricsFamily());
    private final Map<Operation, String> defaults = Map.of(
            Operation.TEXT_TO_IMAGE, Gpt4oImageFamily.ID,
            Operation.IMAGE_TO_IMAGE, Gpt4oImageFamily.ID,
            Operation.TEXT_TO_VIDEO, VeoFamily.ID,
            Operation.IMAGE_TO_VIDEO, VeoFamily.ID,
            Operation.VIDEO_TO_VIDEO, RunwayAlephFamily.ID,
            Operation.MUSIC, SunoFamily.ID);

    List<String> ids() {
        return families.stream().map(KieFamily::id).toList();
    }

    List<String> models() {
        return families.stream().flatMap(f -> f.models().stream()).toList();
    }

    Set<Operation> operations() {
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        families.forEach(f -> operations.addAll(f.operations()));
        return operations;
    }

    Optional<KieFamily> byId(String id) {
        return families.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    Optional<KieFamily> byModel(String model) {
        return families.stream().filter(f -> f.models().contains(model)).findFirst();
    }

    Optional<KieFamily> byRoute(String route) {
        return families.stream().filter(f -> f.routes().contains(route)).findFirst();
    }

    /** The request's family and model, or empty with the reason added to the checks. */
    Optional<Resolution> resolve(ProviderRequest request, KieChecks checks) {
        String model = request.model();
        Object named = request.options().get(KieJob.FAMILY_OPTION);
        KieFamily family;
        if (named != null) {
            family = named instanceof String id ? byId(id).orElse(null) : null;
            if (family == null) {
                checks.invalid("options." + KieJob.FAMILY_OPTION, "options." + KieJob.FAMILY_OPTION + " must be one of " + ids());
                return Optional.empty();
            }
            if (model != null && !family.models().contains(model)) {
                checks.invalid("model", "the " + family.id() + " family's models are " + family.models());
                return Optional.empty();
            }
        } else if (model != null) {
            family = byModel(model).orElse(null);
            if (family == null) {
                checks.invalid("model", "Kie has no model '" + cut(model) + "'; its models are " + models());
                return Optional.empty();
            }
        } else if (request.options().get(MidjourneyFamily.TASK_TYPE_OPTION) instanceof String type && type.startsWith("mj_")) {
            family = byId(MidjourneyFamily.ID).orElseThrow();
        } else {
            family = byId(defaults.get(request.operation())).orElseThrow();
        }
        if (!family.operations().contains(request.operation())) {
            checks.unsupportedOperation("Kie's " + family.id() + " family does not do " + request.operation().wireName()
                    + "; it does " + family.operations().stream().map(Operation::wireName).sorted().toList());
            return Optional.empty();
        }
        return Optional.of(new Resolution(family, model != null ? model : family.defaultModel(request.operation())));
    }

    /** The family that polls a task: by the route in its id, else by its model, else by its operation's default. */
    Optional<KieFamily> forPoll(KieTaskId id, String model, Operation operation) {
        if (id.route() != null) {
            Optional<KieFamily> routed = byRoute(id.route());
            if (routed.isPresent()) {
                return routed;
            }
        }
        if (model != null) {
            return byModel(model);
        }
        return operation == null ? Optional.empty() : Optional.ofNullable(defaults.get(operation)).flatMap(this::byId);
    }

    /** Every family's rules, by field: "family: rule; family: rule". */
    Map<String, String> constraints() {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (KieFamily family : families) {
            family.constraints().forEach((field, rule) ->
                    byField.computeIfAbsent(field, f -> new ArrayList<>()).add(family.id() + ": " + rule));
        }
        Map<String, String> joined = new LinkedHashMap<>();
        byField.forEach((field, rules) -> joined.put(field, String.join("; ", rules)));
        return joined;
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
