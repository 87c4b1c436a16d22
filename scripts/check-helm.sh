#!/usr/bin/env bash
# Lints and renders the Helm chart helm/mediajobs without a helm binary (helm-java from Maven Central).
#   scripts/check-helm.sh                      # helm lint --strict, and helm template under a few value sets
#   scripts/check-helm.sh --print k=v …        # print the manifests `helm template` renders with these --set values
# With a real helm at hand, `helm lint --strict helm/mediajobs` and `helm template mj helm/mediajobs` do the same.
# shellcheck source-path=SCRIPTDIR/..
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/.local/tools
# shellcheck source=scripts/lib/find-jdk.sh
. "$ROOT/scripts/lib/find-jdk.sh"
# shellcheck source=scripts/lib/maven.sh
. "$ROOT/scripts/lib/maven.sh"

platform() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=darwin ;;
        *) echo "error: helm-java has no native library for $(uname -s) here" >&2; exit 1 ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=amd64 ;;
        aarch64 | arm64) arch=arm64 ;;
        *) echo "error: helm-java has no native library for $(uname -m)" >&2; exit 1 ;;
    esac
    echo "$os-$arch"
}

main() {
    local platform
    platform=$(platform)
    if ! ls "$TOOLS/helm-java/$platform-"*.jar >/dev/null 2>&1; then
        echo "fetching helm-java ($platform) from Maven Central into $TOOLS/helm-java" >&2
        "${MVN[@]}" -B -q -f "$ROOT/deploy/helm-check/pom.xml" "-Dtools.dir=$TOOLS" "-Dhelm.platform=$platform" \
            generate-resources
    fi
    java --enable-native-access=ALL-UNNAMED -cp "$TOOLS/helm-java/*" "$ROOT/deploy/helm-check/HelmCheck.java" \
        "$ROOT/helm/mediajobs" "$@"
}

main "$@"
