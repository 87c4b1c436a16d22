# shellcheck shell=bash
# Finds a JDK 21 or newer and exports JAVA_HOME and PATH. Source it:  . scripts/lib/find-jdk.sh
#
# Order: $JAVA_HOME when it is a JDK 21+; else the newest JDK 21+ among the usual install locations
# (/usr/lib/jvm, /usr/java, /opt/java, macOS JavaVirtualMachines, SDKMAN) and the javac on PATH.
# Exits the sourcing script with status 1 and a clear message when there is none.

MEDIAJOBS_MIN_JAVA=21

# Prints the feature version (17, 21, 25, …) of the JDK at $1, or nothing when $1 is not a JDK.
mediajobs_jdk_version() {
    local home=$1 version=""
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
    if [[ -f "$home/release" ]]; then
        # JAVA_VERSION="21.0.7" (or "1.8.0_402" for the old scheme)
        version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)
    fi
    if [[ -z "$version" ]]; then
        # `java -version` prints e.g.: openjdk version "21.0.7" 2025-04-15
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    version=${version#1.}            # 1.8.0 -> 8.0
    version=${version%%[!0-9]*}      # 21.0.7 -> 21, 25-ea -> 25
    [[ -n "$version" ]] && echo "$version"
    return 0
}

# Prints candidate JDK homes, one per line (may contain duplicates and non-JDKs; they are filtered later).
mediajobs_jdk_candidates() {
    local dir
    for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
        "$HOME"/.sdkman/candidates/java/*; do
        [[ -d "$dir" ]] && echo "$dir"
    done
    if command -v javac >/dev/null 2>&1; then
        local javac
        javac=$(command -v javac)
        # resolve /usr/bin/javac -> /usr/lib/jvm/…/bin/javac (readlink -f is not on old macOS; fall back to the link)
        javac=$(readlink -f "$javac" 2>/dev/null || echo "$javac")
        dirname "$(dirname "$javac")"
    fi
    return 0
}

mediajobs_find_jdk() {
    local version
    if [[ -n "${JAVA_HOME:-}" ]]; then
        version=$(mediajobs_jdk_version "$JAVA_HOME")
        if [[ -n "$version" && "$version" -ge $MEDIAJOBS_MIN_JAVA ]]; then
            echo "$JAVA_HOME"
            return 0
        fi
    fi
    local best="" best_version=0 home
    while IFS= read -r home; do
        version=$(mediajobs_jdk_version "$home")
        if [[ -n "$version" && "$version" -ge $MEDIAJOBS_MIN_JAVA && "$version" -gt "$best_version" ]]; then
            best=$home
            best_version=$version
        fi
    done < <(mediajobs_jdk_candidates)
    [[ -n "$best" ]] && echo "$best"
    return 0
}

MEDIAJOBS_JDK=$(mediajobs_find_jdk)
if [[ -z "$MEDIAJOBS_JDK" ]]; then
    {
        echo "error: mediajobs needs a JDK 21 or newer; set JAVA_HOME to one."
        if [[ -n "${JAVA_HOME:-}" ]]; then
            echo "       JAVA_HOME=$JAVA_HOME is not a JDK ${MEDIAJOBS_MIN_JAVA}+ (version: $(mediajobs_jdk_version "$JAVA_HOME"))."
        fi
        echo "       Searched: /usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines, ~/.sdkman/candidates/java, PATH."
        echo "       Install one, e.g.: apt-get install openjdk-21-jdk-headless  |  brew install openjdk@21  |  sdk install java 21-tem"
    } >&2
    exit 1
fi
if [[ -n "${JAVA_HOME:-}" && "$JAVA_HOME" != "$MEDIAJOBS_JDK" ]]; then
    echo "note: JAVA_HOME=$JAVA_HOME is older than Java $MEDIAJOBS_MIN_JAVA; using $MEDIAJOBS_JDK" >&2
fi
export JAVA_HOME=$MEDIAJOBS_JDK
export PATH="$JAVA_HOME/bin:$PATH"
unset MEDIAJOBS_JDK
