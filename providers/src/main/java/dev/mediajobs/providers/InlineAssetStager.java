package dev.mediajobs.poller.poll;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult.InlineAsset;
import java.util.List;

/**
 * The seam for providers that return outputs as bytes in the poll answer instead of URLs: an implementation writes
 * the bytes to a staging object (e.g. in S3) and returns assets the storage-service can download like any other.
 */
@FunctionalInterface
public interface InlineAssetStager {

    /**
     * @return one provider asset per inline asset, in order
     * @throws UnsupportedOperationException when this poller cannot stage inline assets; the job then fails cleanly
     */
    List<ProviderAsset> stage(Job job, List<InlineAsset> inlineAssets);

    /** What the poller does today: no staging yet. */
    static InlineAssetStager unsupported() {
        return (job, inline) -> {
            throw new UnsupportedOperationException("provider " + job.provider() + " returned " + inline.size()
                    + " inline asset(s); inline assets not yet supported");
        };
    }
}
