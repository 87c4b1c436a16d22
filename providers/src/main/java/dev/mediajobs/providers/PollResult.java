package dev.mediajobs.providers;

import dev.mediajobs.common.JobError;
import dev.mediajobs.common.ProviderAsset;
import java.util.List;
import java.util.Map;

/**
 * What a poll found.
 *
 * @param progress           0–100 when the provider reports it, else null
 * @param assets             outputs when {@link Status#SUCCEEDED}
 * @param inlineAssets       outputs the provider returned as bytes in the poll answer (e.g. Stability's 200)
 * @param failure            why, when {@link Status#FAILED}
 * @param nextPollAfterMillis a hint for the next poll, or 0 for the provider's default interval
 */
public record PollResult(
        Status status,
        Integer progress,
        List<ProviderAsset> assets,
        List<InlineAsset> inlineAssets,
        Map<String, Object> result,
        JobError failure,
        long nextPollAfterMillis) {

    public enum Status { PENDING, RUNNING, SUCCEEDED, FAILED }

    public PollResult {
        assets = assets == null ? List.of() : List.copyOf(assets);
        inlineAssets = inlineAssets == null ? List.of() : List.copyOf(inlineAssets);
        result = result == null ? Map.of() : Map.copyOf(result);
    }

    public static PollResult pending() {
        return new PollResult(Status.PENDING, null, null, null, null, null, 0);
    }

    public static PollResult running(Integer progress) {
        return new PollResult(Status.RUNNING, progress, null, null, null, null, 0);
    }

    public static PollResult succeeded(List<ProviderAsset> assets) {
        return new PollResult(Status.SUCCEEDED, 100, assets, null, null, null, 0);
    }

    public static PollResult failed(JobError failure) {
        return new PollResult(Status.FAILED, null, null, null, null, failure, 0);
    }

    /** An output returned as bytes rather than a URL. */
    public record InlineAsset(String contentType, byte[] bytes) {
    }
}
