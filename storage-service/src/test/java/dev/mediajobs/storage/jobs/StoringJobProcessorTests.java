package dev.mediajobs.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobState;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.storage.archive.AssetArchiver;
import dev.mediajobs.storage.archive.AssetUnusableException;
import dev.mediajobs.storage.archive.StorageUnavailableException;
import dev.mediajobs.support.kafka.JobEventPublisher;
import dev.mediajobs.support.redis.JobViewStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class StoringJobProcessorTests {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final AssetArchiver archiver = mock(AssetArchiver.class);
    private final JobEventPublisher publisher = mock(JobEventPublisher.class);
    private final JobViewStore views = mock(JobViewStore.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StoringJobProcessor processor = new StoringJobProcessor(archiver, publisher, views,
            new StorageMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC));

    private final Job storing = Job.builder().id("job-1").tenant("acme").version(4).state(JobState.STORING)
            .provider("simulator").providerAssets(List.of(ProviderAsset.ofUrl("https://cdn/0"), ProviderAsset.ofUrl("https://cdn/1")))
            .createdAt(NOW.minusSeconds(60)).build();

    private static StoredAsset stored(int index) {
        return new StoredAsset(index, "b", "tenants/acme/jobs/job-1/assets/" + index + ".png", "image/png", 100 + index, "sha" + index, null);
    }

    @Test
    void ignoresEveryOtherState() {
        for (JobState state : JobState.values()) {
            if (state != JobState.STORING) {
                processor.process(storing.toBuilder().state(state).build());
            }
        }
        verifyNoInteractions(archiver, publisher);
    }

    @Test
    void publishesSucceededWithTheStoredAssetsInOrder() throws Exception {
        when(archiver.archive("acme", "job-1", 0, storing.providerAssets().get(0))).thenReturn(stored(0));
        when(archiver.archive("acme", "job-1", 1, storing.providerAssets().get(1))).thenReturn(stored(1));

        processor.process(storing);

        Job published = published();
        assertThat(published.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(published.version()).isEqualTo(5);
        assertThat(published.completedAt()).isEqualTo(NOW);
        assertThat(published.assets()).containsExactly(stored(0), stored(1));
        assertThat(registry.get("mediajobs.storage.bytes").tag("provider", "simulator").counter().count()).isEqualTo(201);
        assertThat(registry.get("mediajobs.storage.assets").tags("provider", "simulator", "outcome", "stored").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("mediajobs.storage.duration").tag("provider", "simulator").timer().count()).isEqualTo(2);
    }

    @Test
    void anUnusableAssetFailsTheJobAndRemovesWhatWasStoredBefore() throws Exception {
        when(archiver.archive("acme", "job-1", 0, storing.providerAssets().get(0))).thenReturn(stored(0));
        when(archiver.archive("acme", "job-1", 1, storing.providerAssets().get(1)))
                .thenThrow(new AssetUnusableException(ErrorCodes.ASSET_UNREACHABLE, "asset 1 (https://cdn/1): HTTP 404"));

        processor.process(storing);

        verify(archiver).remove(stored(0).key());
        Job published = published();
        assertThat(published.state()).isEqualTo(JobState.FAILED);
        assertThat(published.version()).isEqualTo(5);
        assertThat(published.assets()).isEmpty();
        assertThat(published.error().code()).isEqualTo(ErrorCodes.ASSET_UNREACHABLE);
        assertThat(published.error().message()).isEqualTo("asset 1 (https://cdn/1): HTTP 404");
        assertThat(published.error().provider()).isEqualTo("simulator");
        assertThat(published.error().retryable()).isTrue();
        assertThat(registry.get("mediajobs.storage.assets").tags("outcome", ErrorCodes.ASSET_UNREACHABLE).counter().count())
                .isEqualTo(1);
    }

    @Test
    void s3TroubleEscapesWithoutPublishing() throws Exception {
        when(archiver.archive(anyString(), anyString(), anyInt(), any()))
                .thenThrow(new StorageUnavailableException("S3 failed", null));

        assertThatThrownBy(() -> processor.process(storing)).isInstanceOf(StorageUnavailableException.class);

        verify(publisher, never()).publish(any());
        assertThat(registry.get("mediajobs.storage.assets").tags("outcome", "storage_unavailable").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRedeliveryOfAJobAlreadyFinishedIsSkipped() {
        when(views.find("job-1")).thenReturn(Optional.of(storing.transitionTo(JobState.SUCCEEDED, NOW)));

        processor.process(storing);

        verifyNoInteractions(archiver, publisher);
    }

    @Test
    void storesWhenTheViewIsOlderOrRedisIsDown() throws Exception {
        when(archiver.archive(anyString(), anyString(), anyInt(), any())).thenReturn(stored(0));
        when(views.find("job-1")).thenReturn(Optional.of(storing.toBuilder().version(3).state(JobState.RUNNING).build()));
        processor.process(storing);

        when(views.find("job-1")).thenThrow(new IllegalStateException("redis down"));
        processor.process(storing);

        verify(publisher, org.mockito.Mockito.times(2)).publish(any());
    }

    @Test
    void aJobWithoutAssetsSucceedsWithNone() {
        processor.process(storing.toBuilder().providerAssets(List.of()).build());

        assertThat(published().assets()).isEmpty();
        assertThat(published().state()).isEqualTo(JobState.SUCCEEDED);
    }

    private Job published() {
        ArgumentCaptor<Job> captor = ArgumentCaptor.forClass(Job.class);
        verify(publisher).publish(captor.capture());
        return captor.getValue();
    }
}
