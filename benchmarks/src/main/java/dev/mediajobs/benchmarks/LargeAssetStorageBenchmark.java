package dev.mediajobs.benchmarks;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.support.testing.TestS3;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Streams one large generated asset (1 GiB by default) through the storage-service's archiving path into S3 and
 * reports throughput, wall time and the peak heap of the JVM that did the work. Not a test: run it with
 * {@code scripts/benchmark-storage.sh}.
 *
 * <p>Three parties, all on this machine's loopback: S3Mock as its own process (the integration tests' {@code TestS3});
 * in this JVM, an HTTP source that streams deterministic bytes with a {@code Content-Length} (generated on the fly,
 * never held in memory); and a CHILD JVM, started with the heap limit under test ({@code -Xmx128m} by default), that
 * runs {@link ArchiveOneAsset}. So the heap figures are those of the archiving code alone, not of this JVM, the source
 * or S3. The stored object is then read back from S3 and its size and SHA-256 compared with the source.
 *
 * <p>Options: {@code --size-mib N} (default 1024), {@code --heap 128m} (the child's -Xmx).
 */
public final class LargeAssetStorageBenchmark {

    private static final String BUCKET = "benchmark";
    private static final String TENANT = "benchmark";
    private static final double MIB = 1024.0 * 1024.0;

    private LargeAssetStorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long sizeMib = Long.parseLong(options.getOrDefault("size-mib", "1024"));
        String heap = options.getOrDefault("heap", "128m");
        DeterministicBytes bytes = new DeterministicBytes(20_260_101L, sizeMib * 1024 * 1024);

        System.out.printf(Locale.ROOT, "mediajobs storage benchmark: %d MiB through AssetArchiver into S3, child JVM -Xmx%s%n",
                sizeMib, heap);
        System.out.printf(Locale.ROOT, "  machine: %d CPUs, load average %.2f; S3Mock, the source and the child share them%n",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long t0 = System.nanoTime();
        String expectedSha = bytes.sha256();
        System.out.printf(Locale.ROOT, "  source sha256 %s (computed in %.1f s)%n", expectedSha, seconds(System.nanoTime() - t0));

        String endpoint = TestS3.endpoint();
        MinioClient s3 = MinioClient.builder().endpoint(endpoint).region("us-east-1")
                .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY).build();
        s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        System.out.println("  S3: S3Mock at " + endpoint + ", data in " + TestS3.dataDirectory());

        Map<String, String> result;
        try (AssetSource source = AssetSource.start(bytes, "video/mp4")) {
            result = runChild(heap, endpoint, source.url(), JobIds.random());
        }

        boolean ok = verify(s3, result, bytes, expectedSha);
        report(result, bytes, heap);
        System.out.println(ok ? "RESULT: OK" : "RESULT: FAILED (see above)");
        System.exit(ok ? 0 : 1);
    }

    private static Map<String, String> runChild(String heap, String endpoint, String url, String jobId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), ArchiveOneAsset.class.getName(),
                endpoint, TestS3.ACCESS_KEY, TestS3.SECRET_KEY, BUCKET, url, TENANT, jobId));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> result = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        result.put(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                } else {
                    System.out.println("  [child] " + line);
                }
            }
        }
        if (!child.waitFor(30, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException("the archiving JVM did not finish within 30 minutes");
        }
        if (child.exitValue() != 0 || result.isEmpty()) {
            throw new IllegalStateException("the archiving JVM failed (exit status " + child.exitValue()
                    + "; an OutOfMemoryError means the heap limit -Xmx" + heap + " was too small)");
        }
        return result;
    }

    private static boolean verify(MinioClient s3, Map<String, String> result, DeterministicBytes bytes, String expectedSha)
            throws Exception {
        boolean ok = true;
        ok &= check("recorded size", Long.parseLong(result.get("size")) == bytes.size(), result.get("size"));
        ok &= check("recorded sha256", expectedSha.equals(result.get("sha256")), result.get("sha256"));
        String key = result.get("key");
        long stored = s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()).size();
        ok &= check("size in S3", stored == bytes.size(), Long.toString(stored));
        MessageDigest digest = Hashing.newSha256();
        long read = 0;
        long t0 = System.nanoTime();
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            byte[] buffer = new byte[1024 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
                read += n;
            }
        }
        String readBack = HexFormat.of().formatHex(digest.digest());
        ok &= check("sha256 of the object read back from S3", expectedSha.equals(readBack),
                readBack + String.format(Locale.ROOT, " (%d bytes read in %.1f s)", read, seconds(System.nanoTime() - t0)));
        return ok;
    }

    private static boolean check(String what, boolean ok, String value) {
        System.out.println("  " + (ok ? "ok " : "MISMATCH ") + what + ": " + value);
        return ok;
    }

    private static void report(Map<String, String> r, DeterministicBytes bytes, String heap) {
        double secs = seconds(Long.parseLong(r.get("nanos")));
        System.out.println();
        System.out.printf(Locale.ROOT, "  asset             %.0f MiB (%d bytes), %s, key %s/%s%n", bytes.size() / MIB,
                bytes.size(), r.get("contentType"), BUCKET, r.get("key"));
        System.out.printf(Locale.ROOT, "  wall time         %.2f s (download + SHA-256 + multipart upload + HEAD check)%n", secs);
        System.out.printf(Locale.ROOT, "  throughput        %.1f MiB/s%n", bytes.size() / MIB / secs);
        System.out.printf(Locale.ROOT, "  peak heap used    %.1f MiB (sampled every 5 ms); %.1f MiB sum of the heap pools' peaks "
                + "(upper bound)%n", mib(r.get("heapSampledPeak")), mib(r.get("heapPoolPeaks")));
        System.out.printf(Locale.ROOT, "  heap after GC     %.1f MiB at most (heap still in use right after a collection: what is really kept)%n",
                mib(r.get("heapAfterGcPeak")));
        System.out.printf(Locale.ROOT, "  heap committed    %.1f MiB at most, limit %.1f MiB (-Xmx%s)%n",
                mib(r.get("heapCommittedPeak")), mib(r.get("heapMax")), heap);
        System.out.printf(Locale.ROOT, "  GC                %s collections, %s ms (%s)%n", r.get("gcCount"), r.get("gcMillis"), r.get("gc"));
        if (Long.parseLong(r.get("rssPeak")) > 0) {
            System.out.printf(Locale.ROOT, "  peak RSS          %.1f MiB (whole child process: heap, metaspace, threads, buffers)%n",
                    mib(r.get("rssPeak")));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LargeAssetStorageBenchmark [--size-mib N] [--heap 128m]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static double mib(String bytes) {
        return Long.parseLong(bytes) / MIB;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
