#!/usr/bin/env bash
# Checks a running local backend end to end, the way a collector and a SIEM use it: enrolls a node
# with LLMOBSERVE_ENROLLMENT_TOKEN, posts a gzip batch holding an AWS access key in a prompt, and
# waits (5 s at most) for the finding to show in GET /api/v1/findings with LLMOBSERVE_API_KEY.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
. "$repo/.llmobserve/local.env"
api=$LLMOBSERVE_API_URL

node=$(curl -fsS -X POST "$api/api/v1/enroll" -H 'content-type: application/json' \
  -d "{\"enrollmentToken\":\"$LLMOBSERVE_ENROLLMENT_TOKEN\",\"nodeName\":\"smoke-$(hostname)\"}")
credential=$(sed -E 's/.*"nodeCredential":"([^"]+)".*/\1/' <<<"$node")
echo "enrolled: $(sed -E 's/,"nodeCredential":"[^"]+"//' <<<"$node")"

id=$(cat /proc/sys/kernel/random/uuid)
now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
body='{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Why is AKIAIOSFODNN7EXAMPLE rejected?\"}]}'
printf '{"schemaVersion":1,"exchanges":[{"id":"%s","capturedAt":"%s","source":"openssl_uprobe",
  "workload":{"node":"smoke","pid":%d,"command":"curl"},
  "request":{"method":"POST","path":"/v1/chat/completions","host":"api.openai.com","body":"%s"},
  "response":{"statusCode":200,"body":"{}"}}]}' "$id" "$now" $$ "$body" | gzip >"${TMPDIR:-/tmp}/llmo-smoke.json.gz"

start=$(date +%s%N)
curl -fsS -X POST "$api/api/v1/ingest/exchanges" -H "authorization: Bearer $credential" \
  -H 'content-type: application/json' -H 'content-encoding: gzip' --data-binary @"${TMPDIR:-/tmp}/llmo-smoke.json.gz"
echo
for _ in $(seq 1 50); do
  findings=$(curl -fsS "$api/api/v1/findings?limit=10" -H "authorization: Bearer $LLMOBSERVE_API_KEY")
  if grep -q "\"exchangeId\":\"$id\"" <<<"$findings"; then
    echo "finding visible after $(( ($(date +%s%N) - start) / 1000000 )) ms:"
    grep -o "{[^{}]*\"exchangeId\":\"$id\"[^{}]*}" <<<"$findings"
    curl -fsS "$api/api/v1/exchanges/$id" -H "authorization: Bearer $LLMOBSERVE_API_KEY" | head -c 300; echo ...
    exit 0
  fi
  sleep 0.1
done
echo "error: no finding for exchange $id within 5 s" >&2
exit 1
