# shellcheck shell=bash disable=SC2034
# Sets the array MVN to the project's Maven: the wrapper ./mvnw at the repository root when present, else `mvn`
# from PATH. Source it after find-jdk.sh, with ROOT set to the repository root.

if [[ -f "$ROOT/mvnw" ]]; then
    MVN=(sh "$ROOT/mvnw")
elif command -v mvn >/dev/null 2>&1; then
    MVN=(mvn)
else
    echo "error: no Maven: neither the wrapper $ROOT/mvnw nor \`mvn\` on PATH" >&2
    exit 1
fi

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every run (JEP 471): allow it quietly.
if [[ "$(mediajobs_jdk_version "$JAVA_HOME")" -ge 24 && "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
