package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Provider-neutral input of a job. Each adapter maps these fields onto its provider's request; provider-specific
 * fields travel in the job's {@code options}.
 *
 * @param durationSeconds requested media length in seconds (video, music)
 * @param resolution      e.g. {@code 720p}, {@code 1080p}, or {@code 1024x1024}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobInput(
        String prompt,
        String negativePrompt,
        List<String> imageUrls,
        String aspectRatio,
        Integer durationSeconds,
        String resolution,
        Long seed,
        Boolean loop) {

    public JobInput {
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    public static JobInput ofPrompt(String prompt) {
        return new JobInput(prompt, null, List.of(), null, null, null, null, null);
    }
}
