#!/usr/bin/env bash
# Writes .local/compose.env for docker-compose.yml: random MinIO credentials, simulator key, webhook signing secret,
# Kafka cluster id, and a demo API key for tenant "demo" (the key goes to .local/compose-demo-api-key, only its
# SHA-256 to the api-service). Both files are mode 0600. Refuses to overwrite unless --force.
#
#   deploy/docker/make-env.sh [--force]
#   docker compose --env-file .local/compose.env up --build -d
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ENV_FILE=$ROOT/.local/compose.env
KEY_FILE=$ROOT/.local/compose-demo-api-key

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# 16 random bytes, base64url without padding, not starting with '-' (as `kafka-storage.sh random-uuid` prints)
kafka_cluster_id() {
    local id=-
    while [[ "$id" == -* ]]; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    done
    echo "$id"
}

sha256_text() {
    if command -v sha256sum >/dev/null 2>&1; then
        printf '%s' "$1" | sha256sum | cut -d ' ' -f 1
    else
        printf '%s' "$1" | shasum -a 256 | cut -d ' ' -f 1
    fi
}

main() {
    if [[ -f "$ENV_FILE" && "${1:-}" != "--force" ]]; then
        echo "$ENV_FILE exists; keeping it (use --force for new secrets; then recreate the containers and volumes)"
        return 0
    fi
    mkdir -p "$ROOT/.local"
    local demo_key
    demo_key="mj_demo_$(random_hex 24)"
    umask 077
    printf '%s\n' "$demo_key" >"$KEY_FILE"
    cat >"$ENV_FILE" <<ENV
# written by deploy/docker/make-env.sh; for: docker compose --env-file .local/compose.env ...
MINIO_ROOT_USER=mediajobs-$(random_hex 4)
MINIO_ROOT_PASSWORD=$(random_hex 20)
SIMULATOR_API_KEY=sim_$(random_hex 16)
WEBHOOK_SIGNING_SECRET=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')
DEMO_API_KEY_SHA256=$(sha256_text "$demo_key")
KAFKA_CLUSTER_ID=$(kafka_cluster_id)
ENV
    echo "wrote $ENV_FILE and $KEY_FILE (the demo tenant's API key)"
}

main "$@"
