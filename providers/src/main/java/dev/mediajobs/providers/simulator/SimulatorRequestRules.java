package dev.mediajobs.providers.simulator;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderRequest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the simulator would reject with a 400, found before any network call. */
final class SimulatorRequestRules {

    static final int MAX_PROMPT_CHARS = 4_000;
    static final long MAX_SIMULATED_DURATION_MS = 3_600_000;
    static final String SIMULATE_OPTION = "simulate";
    private static final Set<String> OUTCOMES = Set.of("succeed", "fail");

    private SimulatorRequestRules() {
    }

    static List<FieldError> check(ProviderRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Operation operation = request.operation();
        if (operation == null) {
            errors.add(new FieldError("operation", ErrorCodes.FIELD_REQUIRED, "operation is required"));
        }
        String prompt = request.input().prompt();
        boolean promptOptional = operation == Operation.IMAGE_TO_VIDEO || operation == Operation.VIDEO_TO_VIDEO;
        if ((prompt == null || prompt.isBlank()) && operation != null && !promptOptional) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "the simulator needs a prompt for " + operation.wireName()));
        }
        if (prompt != null && prompt.length() > MAX_PROMPT_CHARS) {
            errors.add(new FieldError("input.prompt", ErrorCodes.FIELD_TOO_LONG,
                    "the simulator accepts at most " + MAX_PROMPT_CHARS + " prompt characters, got " + prompt.length()));
        }
        if (request.model() != null && !SimulatorProviderAdapter.MODELS.contains(request.model())) {
            errors.add(new FieldError("model", ErrorCodes.FIELD_INVALID, "the simulator's models are " + SimulatorProviderAdapter.MODELS));
        }
        if (request.options().get(SIMULATE_OPTION) != null) {
            checkSimulate(errors, request.options().get(SIMULATE_OPTION));
        }
        return List.copyOf(errors);
    }

    private static void checkSimulate(List<FieldError> errors, Object simulate) {
        if (!(simulate instanceof Map<?, ?> map)) {
            errors.add(new FieldError("options.simulate", ErrorCodes.FIELD_INVALID,
                    "options.simulate must be an object like {\"outcome\": \"fail\", \"durationMs\": 500}"));
            return;
        }
        Object outcome = map.get("outcome");
        if (outcome != null && !(outcome instanceof String s && OUTCOMES.contains(s))) {
            errors.add(new FieldError("options.simulate.outcome", ErrorCodes.FIELD_INVALID,
                    "options.simulate.outcome must be \"succeed\" or \"fail\""));
        }
        Object duration = map.get("durationMs");
        if (duration != null && !isWholeNumberWithin(duration, 0, MAX_SIMULATED_DURATION_MS)) {
            errors.add(new FieldError("options.simulate.durationMs", ErrorCodes.FIELD_INVALID,
                    "options.simulate.durationMs must be a whole number 0-" + MAX_SIMULATED_DURATION_MS));
        }
        Object failOnPoll = map.get("failOnPoll");
        if (failOnPoll != null && !(failOnPoll instanceof Boolean)) {
            errors.add(new FieldError("options.simulate.failOnPoll", ErrorCodes.FIELD_INVALID,
                    "options.simulate.failOnPoll must be true or false"));
        }
    }

    /** Whole numbers only, as the simulator rejects 1.5 (and Jackson reads 1000.0 as a Double). */
    private static boolean isWholeNumberWithin(Object value, long min, long max) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return v >= min && v <= max;
        }
        if (value instanceof BigInteger big) {
            return big.compareTo(BigInteger.valueOf(min)) >= 0 && big.compareTo(BigInteger.valueOf(max)) <= 0;
        }
        return false;
    }
}
