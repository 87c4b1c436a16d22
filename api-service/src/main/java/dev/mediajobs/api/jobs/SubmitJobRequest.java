package dev.mediajobs.api.jobs;

import dev.mediajobs.common.JobInput;
import java.util.Map;

/**
 * The body of {@code POST /v1/jobs}, parsed strictly by {@link SubmitRequestReader}: an unknown field here or in
 * {@code input} is a 400 naming it, so a typo never silently drops a parameter. {@code options} are the provider's
 * business and may hold anything.
 */
public record SubmitJobRequest(
        String provider,
        String model,
        String operation,
        JobInput input,
        Map<String, Object> options,
        String webhookUrl) {
}
