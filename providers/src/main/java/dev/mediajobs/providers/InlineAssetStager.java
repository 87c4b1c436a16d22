package dev.mediajobs.providers;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.PollResult.InlineAsset;
import java.util.List;

/**
 * Where outputs that a provider returned as bytes (in a poll answer or a synchronous submit answer) go: an
 * implementation writes them to a staging object (S3, in the services) and returns assets the storage-service can
 * download like any other.
 */
@FunctionalInterface
public interface InlineAssetStager {

    /**
     * @return one provider asset per inline asset, in order
     * @throws UnsupportedOperationException when this poller cannot stage inline assets; the job then fails cleanly
     */
    List<ProviderAsset> stage(Job job, List<InlineAsset> inlineAssets);

    /** For a service without S3: such outputs cannot be kept, and the job fails cleanly. */
    static InlineAssetStager unsupported() {
        return (job, inline) -> {
            throw new UnsupportedOperationException("provider " + job.provider() + " returned " + inline.size()
                    + " inline asset(s); configure mediajobs.s3.* on this service to stage them");
        };
    }
}
