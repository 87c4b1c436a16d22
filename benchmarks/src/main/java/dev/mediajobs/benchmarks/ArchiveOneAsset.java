package dev.mediajobs.benchmarks;

import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.common.StoredAsset;
import dev.mediajobs.storage.archive.AssetArchiver;
import dev.mediajobs.storage.archive.DownloadSettings;
import io.minio.MinioClient;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The measured side of {@link LargeAssetStorageBenchmark}, in a JVM of its own started with the heap limit under
 * test: the storage-service's {@link AssetArchiver}, wired as the service wires it (download client as in
 * {@code StorageConfiguration}, MinIO client as in service-support), archives one asset, then prints one line
 * {@code RESULT key=value ...} on standard output. Logs go to standard error.
 *
 * <p>Arguments: S3 endpoint, access key, secret key, bucket, asset URL, tenant, job id.
 */
public final class ArchiveOneAsset {

    private ArchiveOneAsset() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: ArchiveOneAsset <s3-endpoint> <access-key> <secret-key> <bucket> <url> <tenant> <job-id>");
            System.exit(2);
        }
        MinioClient s3 = MinioClient.builder().endpoint(args[0]).region("us-east-1").credentials(args[1], args[2]).build();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        AssetArchiver archiver = new AssetArchiver(http, s3, args[3],
                new DownloadSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(30)));

        StoredAsset stored;
        long nanos;
        try (HeapWatch heap = HeapWatch.start()) {
            long started = System.nanoTime();
            stored = archiver.archive(args[5], args[6], 0, ProviderAsset.ofUrl(args[4]));
            nanos = System.nanoTime() - started;
            System.out.println("RESULT"
                    + " key=" + stored.key()
                    + " size=" + stored.sizeBytes()
                    + " sha256=" + stored.sha256()
                    + " contentType=" + stored.contentType()
                    + " nanos=" + nanos
                    + " heapSampledPeak=" + heap.sampledPeakUsed()
                    + " heapPoolPeaks=" + HeapWatch.sumOfPoolPeaks()
                    + " heapAfterGcPeak=" + heap.peakAfterGc()
                    + " heapCommittedPeak=" + heap.peakCommitted()
                    + " heapMax=" + HeapWatch.maxHeap()
                    + " gcCount=" + HeapWatch.gcCount()
                    + " gcMillis=" + HeapWatch.gcMillis()
                    + " gc=" + HeapWatch.collectors()
                    + " rssPeak=" + HeapWatch.peakResident());
        }
        http.close();
        System.exit(0); // the HTTP clients' pools would otherwise keep the JVM alive for a while
    }
}
