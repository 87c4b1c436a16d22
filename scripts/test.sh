#!/usr/bin/env bash
# The project's test command: builds every module and runs all unit and integration tests.
#   scripts/test.sh                      # everything
#   scripts/test.sh -o -pl api-service -am   # extra arguments go to Maven as they are
# Needs only a JDK 21+ (found by scripts/lib/find-jdk.sh); Maven comes from the wrapper (./mvnw) when present.
# Exit status: Maven's.
# shellcheck source-path=SCRIPTDIR/..
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/find-jdk.sh
. "$ROOT/scripts/lib/find-jdk.sh"
# shellcheck source=scripts/lib/maven.sh
. "$ROOT/scripts/lib/maven.sh"

# Sums the Surefire/Failsafe XML reports written by this run (older reports from earlier runs are ignored).
print_test_summary() {
    local since=$1 tests=0 failures=0 errors=0 skipped=0 files=0 file head value
    while IFS= read -r file; do
        head=$(grep -m 1 -o '<testsuite [^>]*>' "$file" || true)
        [[ -n "$head" ]] || continue
        files=$((files + 1))
        for attr in tests failures errors skipped; do
            value=$(echo "$head" | grep -o " $attr=\"[0-9]*\"" | grep -o '[0-9]*' || true)
            value=${value:-0}
            case $attr in
                tests) tests=$((tests + value)) ;;
                failures) failures=$((failures + value)) ;;
                errors) errors=$((errors + value)) ;;
                skipped) skipped=$((skipped + value)) ;;
            esac
        done
    done < <(find . -path '*/target/surefire-reports/TEST-*.xml' -newer "$since" 2>/dev/null
             find . -path '*/target/failsafe-reports/TEST-*.xml' -newer "$since" 2>/dev/null)
    echo
    echo "==== test summary (${files} test classes) ===="
    echo "Tests run: $tests, Failures: $failures, Errors: $errors, Skipped: $skipped"
    echo "tests: $((tests - failures - errors - skipped)) passed, $((failures + errors)) failed, $skipped skipped"
}

main() {
    local since status=0
    since=$(mktemp)
    trap 'rm -f "$since"' EXIT
    echo "JDK: $JAVA_HOME"
    echo "Maven: ${MVN[*]} -B verify $*"
    "${MVN[@]}" -B verify "$@" || status=$?
    print_test_summary "$since"
    if ((status != 0)); then
        echo "maven: the build failed (exit status $status); see its errors above"
    fi
    exit "$status"
}

main "$@"
