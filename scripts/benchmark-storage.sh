#!/usr/bin/env bash
# Benchmark (not a test): streams a generated 1 GiB asset through the storage-service's archiving code into S3
# (S3Mock, started as a process) and prints the throughput, the wall time and the peak heap of the JVM that did the
# archiving, which runs with -Xmx128m. The stored object is read back and its size and SHA-256 checked.
#   scripts/benchmark-storage.sh                    # 1 GiB, -Xmx128m
#   BENCH_SIZE_MIB=256 BENCH_HEAP=64m scripts/benchmark-storage.sh
#   scripts/benchmark-storage.sh -o                 # extra arguments go to Maven (here: offline)
# Needs only a JDK 21+ (found by scripts/lib/find-jdk.sh), about 3 GiB free in the temporary directory, a few minutes.
# Exit status: 0 when the object in S3 matches the source, else non-zero.
# shellcheck source-path=SCRIPTDIR/..
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/find-jdk.sh
. "$ROOT/scripts/lib/find-jdk.sh"
# shellcheck source=scripts/lib/maven.sh
. "$ROOT/scripts/lib/maven.sh"

SIZE_MIB=${BENCH_SIZE_MIB:-1024}
HEAP=${BENCH_HEAP:-128m}
MODULE="$ROOT/benchmarks"

echo "JDK: $JAVA_HOME"
echo "building: ${MVN[*]} -B -q package -pl benchmarks -am -DskipTests -Dspring-boot.repackage.skip $*"
"${MVN[@]}" -B -q package -pl benchmarks -am -DskipTests -Dspring-boot.repackage.skip \
    -Dmediajobs.benchmark.skip-tools=false "$@"

CLASSPATH_FILE="$MODULE/target/benchmark.classpath"
S3MOCK_JAR="$MODULE/target/test-tools/s3mock.jar"
[[ -f "$CLASSPATH_FILE" && -f "$S3MOCK_JAR" ]] || { echo "error: the build did not produce $CLASSPATH_FILE and $S3MOCK_JAR" >&2; exit 1; }

CMD=(java -Xmx512m "-Dmediajobs.test.s3mock-jar=$S3MOCK_JAR"
     -cp "$MODULE/target/classes:$(cat "$CLASSPATH_FILE")"
     dev.mediajobs.benchmarks.LargeAssetStorageBenchmark --size-mib "$SIZE_MIB" --heap "$HEAP")
echo "running: java -Xmx512m -cp benchmarks/target/classes:<runtime classpath> dev.mediajobs.benchmarks.LargeAssetStorageBenchmark --size-mib $SIZE_MIB --heap $HEAP"
exec "${CMD[@]}"
