#!/usr/bin/env bash
# The whole mediajobs stack on this machine, without Docker: Kafka (KRaft), Redis, an S3-protocol server (S3Mock),
# the provider simulator and the four services, each as its own process on free loopback ports.
#
#   deploy/local/run.sh [up] [--no-build] [--no-demo]   build, start everything, run a sample job end to end
#   deploy/local/run.sh up --infra-only                  only Kafka, Redis, S3Mock and the simulator (run the
#                                                        services from an IDE with .local/services.env)
#   deploy/local/run.sh demo                             run the sample job again against the running stack
#   deploy/local/run.sh status                           what runs, where
#   deploy/local/run.sh down                             stop everything this script started
#   deploy/local/run.sh logs NAME                        follow one process's log (kafka, api-service, …)
#
# Needs a JDK 21+ (found by scripts/lib/find-jdk.sh) and curl. Everything else (Kafka, the Redis binary, S3Mock)
# comes from Maven Central through deploy/local/tools-pom.xml. All state lives under .local/ at the repository root:
# tools/, logs/<name>.log, pids/<name>.pid, data/, stack.env (ports and URLs), demo-api-key (0600).
# The stack starts empty every time: Kafka, Redis and S3 data of the previous run are deleted by `up`.
#
# Tunables (environment): MEDIAJOBS_START_TIMEOUT (s, per process, default 180), MEDIAJOBS_JOB_TIMEOUT (s, default
# 120), MEDIAJOBS_STOP_GRACE (s before KILL, default 20), MEDIAJOBS_SERVICE_JAVA_OPTS, MEDIAJOBS_SIMULATOR_ARGS.
# shellcheck source-path=SCRIPTDIR/../..
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/deploy/local
STATE=$ROOT/.local
TOOLS=$STATE/tools
LOGS=$STATE/logs
PIDS=$STATE/pids
DATA=$STATE/data
STACK_ENV=$STATE/stack.env
DEMO_KEY_FILE=$STATE/demo-api-key
WEBHOOK_SECRET_FILE=$STATE/webhook-signing-secret
LOCK_DIR=$STATE/run.lock

PROJECT_VERSION=0.1.0-SNAPSHOT
START_TIMEOUT=${MEDIAJOBS_START_TIMEOUT:-180}
JOB_TIMEOUT=${MEDIAJOBS_JOB_TIMEOUT:-120}
STOP_GRACE=${MEDIAJOBS_STOP_GRACE:-20}
# Small heaps and a quick-starting JIT: seven JVMs share a laptop (or a 2-core CI machine).
SERVICE_JAVA_OPTS=${MEDIAJOBS_SERVICE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
SIMULATOR_ARGS=${MEDIAJOBS_SIMULATOR_ARGS:---min-duration-ms=1500 --max-duration-ms=4000 --failure-rate=0 --rate-limit-rate=0}

INFRA=(kafka redis s3mock simulator)
SERVICES=(storage-service dispatcher-service poller-service api-service)
# Every process gets this on its command line: `down` only ever signals a pid whose command line carries it.
MARKER="-Dmediajobs.local.stack=$STATE"
KAFKA_JAVA=(java -Xmx512m -Xms256m "$MARKER" "-Dlog4j2.configurationFile=$STATE/kafka/log4j2.properties"
    -cp "$TOOLS/kafka-lib/*")

# ---------------------------------------------------------------------------------------------------------- output

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

usage() {
    # the header comment of this file, up to the first line that is not a plain comment
    awk 'NR == 1 { next } /^# shellcheck/ || !/^#/ { exit } { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
}

# ------------------------------------------------------------------------------------------------------- processes

pid_file() { echo "$PIDS/$1.pid"; }
log_file() { echo "$LOGS/$1.log"; }

# Prints the pid of NAME when it runs and is ours (its command line carries MARKER or lives under .local/).
running_pid() {
    local file pid args
    file=$(pid_file "$1")
    [[ -f "$file" ]] || return 1
    pid=$(cat "$file")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    args=$(ps -ww -p "$pid" -o args= 2>/dev/null || true)
    [[ "$args" == *"$STATE"* ]] || return 1
    echo "$pid"
}

# start_process NAME COMMAND...: runs COMMAND in the background, detached from this terminal, output to its log.
start_process() {
    local name=$1
    shift
    local log pid
    log=$(log_file "$name")
    : >"$log"
    if command -v setsid >/dev/null 2>&1; then
        nohup setsid "$@" >>"$log" 2>&1 </dev/null &
    else
        nohup "$@" >>"$log" 2>&1 </dev/null &
    fi
    pid=$!
    echo "$pid" >"$(pid_file "$name")"
    STARTED+=("$name")
}

# start_service_process NAME PORT: a Spring Boot service (its environment is exported by start_services).
start_service_process() {
    local name=$1 port=$2
    # shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a list of options
    start_process "$name" env "SERVER_PORT=$port" java $SERVICE_JAVA_OPTS "$MARKER" -jar "$(exec_jar "$name")"
}

# stop_processes NAME…: TERM all of them, wait up to STOP_GRACE seconds, then KILL what is left.
stop_processes() {
    local name pid waited=0 entry
    local pids=() alive=()
    for name in "$@"; do
        if pid=$(running_pid "$name"); then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$name:$pid")
            say "  stopping $name (pid $pid)"
        fi
    done
    while ((${#pids[@]} > 0)); do
        alive=()
        for entry in "${pids[@]}"; do
            kill -0 "${entry#*:}" 2>/dev/null && alive+=("$entry")
        done
        pids=(${alive[@]+"${alive[@]}"})
        ((${#pids[@]} == 0)) && break
        if ((waited >= STOP_GRACE * 2)); then
            for entry in "${pids[@]}"; do
                warn "${entry%%:*} (pid ${entry#*:}) did not stop within ${STOP_GRACE}s; killing it"
                kill -KILL "${entry#*:}" 2>/dev/null || true
            done
            sleep 0.5
            break
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    for name in "$@"; do
        rm -f "$(pid_file "$name")"
    done
}

stop_all() {
    # services first (they flush to Kafka and Redis on shutdown), then the infrastructure
    stop_processes "${SERVICES[@]}"
    stop_processes simulator s3mock redis
    stop_processes kafka
}

print_log_tail() {
    local log
    log=$(log_file "$1")
    printf '\n---- last 30 lines of %s ----\n' "$log" >&2
    tail -n 30 "$log" >&2 || true
    printf -- '---- end of %s ----\n' "$log" >&2
}

LAUNCHED_AT=0
# wait_healthy NAME CHECK…: runs CHECK every half second until it succeeds, the process dies, or START_TIMEOUT
# seconds have passed. Reports the time since its group of processes was launched (LAUNCHED_AT).
wait_healthy() {
    local name=$1
    shift
    local start=$SECONDS
    while ! "$@" >/dev/null 2>&1; do
        if ! running_pid "$name" >/dev/null; then
            print_log_tail "$name"
            die "$name exited during start-up (log: $(log_file "$name"))"
        fi
        if ((SECONDS - start >= START_TIMEOUT)); then
            print_log_tail "$name"
            die "$name was not healthy after ${START_TIMEOUT}s (log: $(log_file "$name"))"
        fi
        sleep 0.5
    done
    say "  $name is up ($((SECONDS - LAUNCHED_AT))s after launch)"
}

# ----------------------------------------------------------------------------------------------------------- checks

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# (a subshell: a failed `exec` redirection must not touch this shell)
redis_pong() (
    reply=""
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 reply <&3 || true
    [[ "$reply" == "+PONG"* ]]
)

kafka_ready() {
    port_open "$1" && grep -q 'Kafka Server started' "$(log_file kafka)"
}

# ------------------------------------------------------------------------------------------------------------ ports

USED_PORTS=" "
# pick_port VAR: sets VAR to a free loopback port below the usual ephemeral range (so that outgoing connections
# cannot take it meanwhile), never one already picked by this run.
pick_port() {
    local port tries=0
    while ((tries < 200)); do
        port=$((20000 + RANDOM % 12000))
        tries=$((tries + 1))
        [[ "$USED_PORTS" == *" $port "* ]] && continue
        port_open "$port" && continue
        USED_PORTS="$USED_PORTS$port "
        printf -v "$1" '%s' "$port"
        return 0
    done
    die "found no free port in 20000-32000"
}

# ------------------------------------------------------------------------------------------------------------ tools

setup_java() {
    # shellcheck source=scripts/lib/find-jdk.sh
    . "$ROOT/scripts/lib/find-jdk.sh"
    command -v curl >/dev/null 2>&1 || die "curl is needed (apt-get install curl | brew install curl)"
}

setup_maven() {
    # shellcheck source=scripts/lib/maven.sh
    . "$ROOT/scripts/lib/maven.sh"
}

redis_binary_name() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=darwin ;;
        *) die "no Redis binary for $(uname -s) in org.signal:embedded-redis (Linux and macOS only)" ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=amd64 ;;
        aarch64 | arm64) arch=arm64 ;;
        i386 | i686) arch=386 ;;
        *) die "no Redis binary for $(uname -m) in org.signal:embedded-redis" ;;
    esac
    echo "redis-server-7.0.15-$os-$arch"
}

REDIS_BIN=""
# Fetches the tools once; again (from scratch) whenever tools-pom.xml or the platform changes, so that a version
# bump never leaves two Kafka versions in kafka-lib/.
fetch_tools() {
    local redis_name stamp
    redis_name=$(redis_binary_name)
    REDIS_BIN=$TOOLS/redis/$redis_name
    stamp="$redis_name $(cksum <"$HERE/tools-pom.xml")"
    if [[ -x "$REDIS_BIN" && -f "$TOOLS/s3mock.jar" && "$(cat "$TOOLS/.stamp" 2>/dev/null)" == "$stamp" ]]; then
        say "  Kafka, Redis and S3Mock are in $TOOLS"
    else
        say "  fetching Kafka, Redis and S3Mock from Maven Central into $TOOLS"
        rm -rf "$TOOLS/kafka-lib" "$TOOLS/redis" "$TOOLS/s3mock.jar" "$TOOLS/.markers" "$TOOLS/.stamp"
        "${MVN[@]}" -B -q -f "$HERE/tools-pom.xml" "-Dtools.dir=$TOOLS" "-Dredis.binary=$redis_name" \
            generate-resources || die "could not fetch the tools (see Maven's output above)"
        chmod +x "$REDIS_BIN"
        printf '%s\n' "$stamp" >"$TOOLS/.stamp"
    fi
    compile_local_tool
}

compile_local_tool() {
    local classes=$TOOLS/classes
    if [[ ! -f "$classes/LocalTool.class" || "$HERE/LocalTool.java" -nt "$classes/LocalTool.class" ]]; then
        mkdir -p "$classes"
        javac -d "$classes" "$HERE/LocalTool.java"
    fi
}

local_tool() { java -cp "$TOOLS/classes" LocalTool "$@"; }

sha256_file() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        local_tool sha256 "$1"
    fi
}

sha256_text() {
    if command -v sha256sum >/dev/null 2>&1; then
        printf '%s' "$1" | sha256sum | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        printf '%s' "$1" | shasum -a 256 | cut -d ' ' -f 1
    else
        printf '%s' "$1" | local_tool sha256-text
    fi
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

exec_jar() { echo "$ROOT/$1/target/mediajobs-$1-$PROJECT_VERSION-exec.jar"; }

build() {
    if [[ "$NO_BUILD" == 1 ]]; then
        say "  --no-build: using the jars in */target"
    else
        # only the modules that run (and what they need): e2e-tests and the like stay out of the way
        local modules=simulator
        [[ "$INFRA_ONLY" == 1 ]] || modules="simulator,$(IFS=,; echo "${SERVICES[*]}")"
        say "  ${MVN[*]} -B -q -DskipTests package -pl $modules -am"
        (cd "$ROOT" && "${MVN[@]}" -B -q -DskipTests package -pl "$modules" -am) ||
            die "the build failed (see Maven's output above)"
    fi
    local module needed=(simulator)
    [[ "$INFRA_ONLY" == 1 ]] || needed+=("${SERVICES[@]}")
    for module in "${needed[@]}"; do
        [[ -f "$(exec_jar "$module")" ]] || die "missing $(exec_jar "$module"); build it (drop --no-build)"
    done
}

# ------------------------------------------------------------------------------------------------ configuration

# Ports, secrets and URLs of this run; written to .local/stack.env (0600) for `status` and `demo`.
configure_stack() {
    local var
    for var in KAFKA_PORT KAFKA_CONTROLLER_PORT REDIS_PORT S3_PORT S3_HTTPS_PORT SIMULATOR_PORT \
        API_PORT DISPATCHER_PORT POLLER_PORT STORAGE_PORT; do
        pick_port "$var"
    done

    DEMO_API_KEY="mj_demo_$(random_hex 24)"
    WEBHOOK_SECRET="whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
    SIMULATOR_API_KEY="sim_$(random_hex 16)"
    S3_ACCESS_KEY="local-$(random_hex 8)"
    S3_SECRET_KEY=$(random_hex 20)
    S3_BUCKET=mediajobs-assets

    (
        umask 077
        printf '%s\n' "$DEMO_API_KEY" >"$DEMO_KEY_FILE"
        printf '%s\n' "$WEBHOOK_SECRET" >"$WEBHOOK_SECRET_FILE"
        printf '%s\n' "$SIMULATOR_API_KEY" >"$STATE/simulator-api-key"
        cat >"$STACK_ENV" <<EOF
# written by deploy/local/run.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ); ports of the running local stack
KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
S3_BUCKET=$S3_BUCKET
SIMULATOR_URL=http://127.0.0.1:$SIMULATOR_PORT
API_URL=http://127.0.0.1:$API_PORT
DISPATCHER_URL=http://127.0.0.1:$DISPATCHER_PORT
POLLER_URL=http://127.0.0.1:$POLLER_PORT
STORAGE_URL=http://127.0.0.1:$STORAGE_PORT
EOF
    )

    SERVICE_ENV=(
        "SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
        "MEDIAJOBS_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
        "MEDIAJOBS_S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
        "MEDIAJOBS_S3_ACCESSKEY=$S3_ACCESS_KEY"
        "MEDIAJOBS_S3_SECRETKEY=$S3_SECRET_KEY"
        "MEDIAJOBS_S3_BUCKET=$S3_BUCKET"
        "MEDIAJOBS_PROVIDERS_SIMULATOR_BASEURL=http://127.0.0.1:$SIMULATOR_PORT"
        "MEDIAJOBS_PROVIDERS_SIMULATOR_APIKEY=$SIMULATOR_API_KEY"
        # only the hash of the demo key: the api-service never sees the key itself
        "MEDIAJOBS_API_TENANTS_DEMO_KEYSHA256=$(sha256_text "$DEMO_API_KEY")"
        "MEDIAJOBS_WEBHOOKS_SIGNINGSECRET=$WEBHOOK_SECRET"
        # a development stack: webhook receivers and input images on this machine are fair targets
        "MEDIAJOBS_OUTBOUND_ALLOWLIST=${MEDIAJOBS_OUTBOUND_ALLOWLIST:-127.0.0.1}"
        # explicit, like the Helm chart: the endpoints the stack promises (/actuator/prometheus) do not depend on
        # how the services' own defaults are loaded
        "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE=health,info,prometheus,metrics"
        # the Kafka clients' configuration dumps and rebalance chatter drown the services' own logs
        "LOGGING_LEVEL_ORG_APACHE_KAFKA=${LOGGING_LEVEL_ORG_APACHE_KAFKA:-WARN}"
    )
    # the services' environment, for running one of them from an IDE against this stack
    (
        umask 077
        printf '%s\n' "${SERVICE_ENV[@]}" >"$STATE/services.env"
    )
}

load_stack_env() {
    [[ -f "$STACK_ENV" ]] || die "no $STACK_ENV: the stack is not running (deploy/local/run.sh up)"
    # shellcheck disable=SC1090
    . "$STACK_ENV"
}

write_kafka_config() {
    local dir=$STATE/kafka
    mkdir -p "$dir"
    cat >"$dir/server.properties" <<EOF
# The local single-node Kafka (KRaft, broker and controller in one process), written by deploy/local/run.sh.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA/kafka
num.partitions=4
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.backoff.ms=1000
EOF
    cp "$HERE/kafka-log4j2.properties" "$dir/log4j2.properties"
}

format_kafka_storage() {
    # what `kafka-storage.sh random-uuid` prints (saves a JVM start): 16 random bytes, base64url without padding,
    # never starting with '-' (it would read as an option)
    local cluster_id=-
    while [[ "$cluster_id" == -* ]]; do
        cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    done
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --standalone "--cluster-id=$cluster_id" \
        -c "$STATE/kafka/server.properties" >"$(log_file kafka-format)" 2>&1 ||
        {
            print_log_tail kafka-format
            die "could not format the Kafka storage"
        }
}

# ------------------------------------------------------------------------------------------------------ start steps

start_infrastructure() {
    rm -rf "$DATA"
    mkdir -p "$DATA/kafka" "$DATA/redis" "$DATA/s3"
    write_kafka_config
    format_kafka_storage

    LAUNCHED_AT=$SECONDS
    start_process kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$STATE/kafka/server.properties"
    start_process redis "$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --dir "$DATA/redis" --protected-mode yes
    start_process s3mock java -Xmx256m "$MARKER" -jar "$TOOLS/s3mock.jar" \
        "--server.port=$S3_HTTPS_PORT" "--http.port=$S3_PORT" --server.address=127.0.0.1 \
        "--com.adobe.testing.s3mock.store.root=$DATA/s3" --spring.main.banner-mode=off
    # the simulator reads its key from SIMULATOR_API_KEY (same as --api-key), which keeps it off the command line
    # shellcheck disable=SC2086 # SIMULATOR_ARGS is a list of arguments
    SIMULATOR_API_KEY=$SIMULATOR_API_KEY start_process simulator java -Xmx256m "$MARKER" \
        -jar "$(exec_jar simulator)" "--port=$SIMULATOR_PORT" --bind=127.0.0.1 \
        "--public-base-url=http://127.0.0.1:$SIMULATOR_PORT" $SIMULATOR_ARGS

    wait_healthy redis redis_pong "$REDIS_PORT"
    wait_healthy simulator http_ok "http://127.0.0.1:$SIMULATOR_PORT/health"
    wait_healthy kafka kafka_ready "$KAFKA_PORT"
    wait_healthy s3mock http_ok "http://127.0.0.1:$S3_PORT/"
}

start_services() {
    # exported rather than passed as arguments: secrets do not belong on a command line (ps shows it)
    export "${SERVICE_ENV[@]}"
    LAUNCHED_AT=$SECONDS
    start_service_process storage-service "$STORAGE_PORT"
    start_service_process dispatcher-service "$DISPATCHER_PORT"
    start_service_process poller-service "$POLLER_PORT"
    start_service_process api-service "$API_PORT"

    wait_healthy storage-service http_ok "http://127.0.0.1:$STORAGE_PORT/actuator/health"
    wait_healthy dispatcher-service http_ok "http://127.0.0.1:$DISPATCHER_PORT/actuator/health"
    wait_healthy poller-service http_ok "http://127.0.0.1:$POLLER_PORT/actuator/health"
    wait_healthy api-service http_ok "http://127.0.0.1:$API_PORT/actuator/health"
}

print_endpoints() {
    load_stack_env
    say ""
    say "mediajobs is running on this machine:"
    [[ "$INFRA_ONLY" == 1 ]] || cat <<EOF
  REST API            $API_URL   (POST /v1/jobs, GET /v1/jobs/{id}; Authorization: Bearer \$(cat .local/demo-api-key))
  api-service         $API_URL/actuator/health   $API_URL/actuator/prometheus
  dispatcher-service  $DISPATCHER_URL/actuator/health   $DISPATCHER_URL/actuator/prometheus
  poller-service      $POLLER_URL/actuator/health   $POLLER_URL/actuator/prometheus
  storage-service     $STORAGE_URL/actuator/health   $STORAGE_URL/actuator/prometheus
EOF
    cat <<EOF
  provider simulator  $SIMULATOR_URL   ($SIMULATOR_URL/health)
  Kafka bootstrap     $KAFKA_BOOTSTRAP
  Redis               $REDIS_URL
  S3 (S3Mock)         $S3_ENDPOINT   bucket $S3_BUCKET
  demo API key        $DEMO_KEY_FILE   (tenant "demo"; mode 0600)
  webhook secret      $WEBHOOK_SECRET_FILE
  logs                $LOGS/<name>.log   (deploy/local/run.sh logs api-service)
  ports and URLs      $STACK_ENV
  status / stop       deploy/local/run.sh status   |   deploy/local/run.sh down
EOF
}

# ------------------------------------------------------------------------------------------------------------- demo

# json_fields JSON PATH…: prints the value at each PATH, one per line.
json_fields() {
    local json=$1
    shift
    printf '%s' "$json" | local_tool json "$@"
}

run_demo_job() {
    load_stack_env
    [[ -f "$DEMO_KEY_FILE" ]] || die "no $DEMO_KEY_FILE"
    local key body response status job_id state="" last_state="" start=$SECONDS
    key=$(cat "$DEMO_KEY_FILE")
    body='{"provider":"simulator","operation":"text-to-image","input":{"prompt":"a lighthouse at dawn, watercolor"}}'

    step "sample job: POST $API_URL/v1/jobs"
    response=$(curl -sS --max-time 30 -w '\n%{http_code}' -X POST "$API_URL/v1/jobs" \
        -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body") ||
        die "POST /v1/jobs failed"
    status=${response##*$'\n'}
    response=${response%$'\n'*}
    if [[ "$status" != 2?? ]]; then
        say "$response"
        die "POST /v1/jobs answered HTTP $status"
    fi
    job_id=$(json_fields "$response" id)
    [[ -n "$job_id" ]] || die "POST /v1/jobs answered without an id: $response"
    say "  job $job_id accepted (HTTP $status)"

    while true; do
        response=$(curl -sS --max-time 10 -H "Authorization: Bearer $key" "$API_URL/v1/jobs/$job_id") || response=""
        [[ -n "$response" ]] || response='{}'
        state=$(json_fields "$response" state 2>/dev/null || true)
        if [[ -n "$state" && "$state" != "$last_state" ]]; then
            say "  $(printf '%3ds' $((SECONDS - start)))  $state"
            last_state=$state
        fi
        case "$state" in
            succeeded | failed | canceled | timed_out) break ;;
        esac
        if ((SECONDS - start >= JOB_TIMEOUT)); then
            say "$response"
            die "job $job_id is still '${state:-unknown}' after ${JOB_TIMEOUT}s"
        fi
        sleep 1
    done

    if [[ "$state" != succeeded ]]; then
        say "$response"
        die "job $job_id ended $state: $(json_fields "$response" error.code error.message | tr '\n' ' ')"
    fi
    verify_demo_asset "$job_id" "$response"
}

verify_demo_asset() {
    local job_id=$1 response=$2 bucket key sha size content_type url file actual task task_json served
    {
        IFS= read -r bucket
        IFS= read -r key
        IFS= read -r sha
        IFS= read -r size
        IFS= read -r content_type
        IFS= read -r url
        IFS= read -r task
    } < <(json_fields "$response" assets.0.bucket assets.0.key assets.0.sha256 assets.0.sizeBytes \
        assets.0.contentType assets.0.downloadUrl providerTaskId)
    [[ -n "$key" && -n "$url" ]] || {
        say "$response"
        die "job $job_id succeeded without a stored asset and download URL"
    }
    say "  state        succeeded"
    say "  asset        s3://$bucket/$key ($content_type, $size bytes)"
    say "  sha256       $sha"
    say "  download     $url"

    mkdir -p "$STATE/demo"
    file=$STATE/demo/$job_id-$(basename "$key")
    curl -fsS --max-time 60 -o "$file" "$url" || die "could not download the asset from its presigned URL"
    actual=$(sha256_file "$file")
    # the checksum the provider (the simulator) itself published for the output it served
    task_json=$(curl -fsS --max-time 10 -H "Authorization: Bearer $(cat "$STATE/simulator-api-key")" \
        "$SIMULATOR_URL/v1/tasks/$task" || true)
    served=$(json_fields "$task_json" outputs.0.sha256 2>/dev/null || true)
    say "  simulator    task $task served SHA-256 $served"
    if [[ "$actual" == "$sha" && "$actual" == "$served" ]]; then
        say "  downloaded   $file: SHA-256 OK (matches the stored asset and what the simulator served)"
    else
        say "  downloaded   $file: SHA-256 MISMATCH (downloaded $actual, stored $sha, simulator served $served)"
        return 1
    fi
}

# --------------------------------------------------------------------------------------------------------- commands

STARTED=()
STACK_UP=0

# When `up` fails or is interrupted before the stack is healthy, stop what it started (logs stay).
on_up_exit() {
    local status=$?
    if [[ "$STACK_UP" == 0 && ${#STARTED[@]} -gt 0 ]]; then
        say ""
        say "start-up failed; stopping what was started (logs stay in $LOGS)"
        stop_all
    fi
    rm -rf "$LOCK_DIR"
    exit "$status"
}

# One `up` at a time: a directory created atomically, holding the pid of its owner (a dead owner's lock is taken over).
take_lock() {
    local owner
    if ! mkdir "$LOCK_DIR" 2>/dev/null; then
        owner=$(cat "$LOCK_DIR/pid" 2>/dev/null || true)
        if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then
            die "another run.sh (pid $owner) is starting the stack"
        fi
        rm -rf "$LOCK_DIR"
        mkdir "$LOCK_DIR" || die "could not create $LOCK_DIR"
    fi
    echo $$ >"$LOCK_DIR/pid"
}

any_running() {
    local name
    for name in "${INFRA[@]}" "${SERVICES[@]}"; do
        running_pid "$name" >/dev/null && return 0
    done
    return 1
}

cmd_up() {
    local begin=$SECONDS
    mkdir -p "$TOOLS" "$LOGS" "$PIDS"
    take_lock
    trap on_up_exit EXIT
    trap 'exit 130' INT TERM
    if any_running; then
        STACK_UP=1 # do not stop the running stack on the way out
        cmd_status >&2
        die "the local stack is already running; stop it first with: deploy/local/run.sh down"
    fi
    rm -f "$PIDS"/*.pid

    step "JDK and Maven"
    setup_java
    setup_maven
    say "  JAVA_HOME=$JAVA_HOME"
    step "build"
    build
    step "tools"
    fetch_tools
    configure_stack
    step "infrastructure: Kafka, Redis, S3Mock, provider simulator"
    start_infrastructure
    if [[ "$INFRA_ONLY" == 1 ]]; then
        STACK_UP=1
        say "  infrastructure started in $((SECONDS - begin))s"
        print_endpoints
        say "  services' environment: $STATE/services.env (add SERVER_PORT=<port> per service)"
        return 0
    fi
    step "services"
    start_services
    STACK_UP=1
    say "  stack started in $((SECONDS - begin))s"
    print_endpoints

    if [[ "$NO_DEMO" == 1 ]]; then
        return 0
    fi
    # a subshell, so that a failure anywhere in the demo (die included) lands here
    if (run_demo_job); then
        say ""
        say "sample job: OK (the stack keeps running; stop it with deploy/local/run.sh down)"
    else
        say ""
        say "sample job: FAILED (the stack keeps running for a look at $LOGS; stop it with deploy/local/run.sh down)"
        return 1
    fi
}

cmd_down() {
    mkdir -p "$PIDS"
    if ! any_running; then
        rm -f "$PIDS"/*.pid
        say "the local stack is not running"
        return 0
    fi
    say "stopping the local stack"
    stop_all
    rm -f "$STACK_ENV"
    say "stopped"
}

# healthy NAME URL: the same checks `up` waits for
healthy() {
    case $1 in
        kafka) port_open "${2##*:}" ;;
        redis) redis_pong "${2##*:}" ;;
        s3mock) http_ok "$2/" ;;
        simulator) http_ok "$2/health" ;;
        *) http_ok "$2/actuator/health" ;;
    esac
}

cmd_status() {
    local name pid url health running=0
    # shellcheck disable=SC1090
    [[ -f "$STACK_ENV" ]] && . "$STACK_ENV"
    for name in "${INFRA[@]}" "${SERVICES[@]}"; do
        case $name in
            kafka) url=${KAFKA_BOOTSTRAP:-} ;;
            redis) url=${REDIS_URL:-} ;;
            s3mock) url=${S3_ENDPOINT:-} ;;
            simulator) url=${SIMULATOR_URL:-} ;;
            api-service) url=${API_URL:-} ;;
            dispatcher-service) url=${DISPATCHER_URL:-} ;;
            poller-service) url=${POLLER_URL:-} ;;
            storage-service) url=${STORAGE_URL:-} ;;
        esac
        if pid=$(running_pid "$name"); then
            running=$((running + 1))
            health=unhealthy
            healthy "$name" "$url" >/dev/null 2>&1 && health=healthy
            printf '  %-20s running  %-9s pid %-8s %s\n' "$name" "$health" "$pid" "$url"
        else
            printf '  %-20s stopped\n' "$name"
        fi
    done
    say "  logs: $LOGS"
    ((running > 0))
}

cmd_demo() {
    any_running || die "the local stack is not running (deploy/local/run.sh up)"
    setup_java
    compile_local_tool
    run_demo_job
}

cmd_logs() {
    local name=${1:-}
    [[ -n "$name" && -f "$(log_file "$name")" ]] ||
        die "usage: deploy/local/run.sh logs NAME (one of: $(cd "$LOGS" 2>/dev/null && printf '%s ' *.log | sed 's/\.log//g'))"
    exec tail -n 100 -F "$(log_file "$name")"
}

main() {
    local command=up
    NO_BUILD=0
    NO_DEMO=0
    INFRA_ONLY=0
    local args=()
    while (($# > 0)); do
        case $1 in
            up | down | stop | status | demo | logs) command=$1 ;;
            --no-build) NO_BUILD=1 ;;
            --no-demo) NO_DEMO=1 ;;
            --infra-only) INFRA_ONLY=1 ;;
            -h | --help | help)
                usage
                return 0
                ;;
            -*) die "unknown option $1 (see deploy/local/run.sh --help)" ;;
            *) args+=("$1") ;;
        esac
        shift
    done
    case $command in
        up) cmd_up ;;
        down | stop) cmd_down ;;
        status) cmd_status || true ;;
        demo) cmd_demo ;;
        logs) cmd_logs ${args[@]+"${args[@]}"} ;;
    esac
}

main "$@"
