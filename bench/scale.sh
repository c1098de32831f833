#!/usr/bin/env bash
# Scale-out benchmark: the same batch of articles narrated by 1, 2 and 4 `aloud worker`
# processes on PostgreSQL + S3 (a throwaway cluster and SeaweedFS on loopback, behind
# one API-only node), next to the embedded default (`aloud serve`: SQLite, files, one
# worker). Prints per setup: articles per minute, the mean queue wait, and the time a
# worker spends in database and store calls (claim, progress, cache and file reads and
# writes, completion) per article, as a share of its synthesis time.
#
# The voice is Piper's joe unless $ALOUD_VOICE names another (the figures in the README
# are Piper's; the server's own default for articles, Kokoro's af_heart, costs about
# eight times the compute).
#
#   bench/scale.sh [ARTICLES] [SENTENCES]
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-12}
sentences=${2:-24}
scripts/setup.sh --tests >/dev/null
cargo build --release --locked --quiet
command -v curl >/dev/null || { echo "bench: needs curl" >&2; exit 1; }
aloud=$PWD/target/release/aloud

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$work/pg" ] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# PostgreSQL: a throwaway cluster, fsync off, on a free loopback port.
mkdir -p "$work/pgsock" "$work/pg"
[ ${#as_pg[@]} -gt 0 ] && chown postgres "$work/pgsock" "$work/pg"
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -A trust -U aloud -E UTF8 --no-sync >/dev/null
pg_port=$(free_port)
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pgsock -c listen_addresses=127.0.0.1 -F" \
  -l "$work/pgsock/server.log" -w start >/dev/null

# S3: SeaweedFS's gateway with one identity whose requests must be signed.
weed=$(ls -d "${ALOUD_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/aloud}"/seaweedfs/*/weed | sort -V | tail -1)
mkdir -p "$work/s3"
cat >"$work/s3.json" <<'JSON'
{"identities":[{"name":"bench","credentials":[{"accessKey":"benchkey","secretKey":"benchsecret-0123456789"}],"actions":["Admin","Read","Write","List","Tagging"]}]}
JSON
s3_port=$(free_port)
ports=(); for _ in 1 2 3 4 5 6 7; do ports+=("$(free_port)"); done
"$weed" server -dir="$work/s3" -ip=127.0.0.1 -ip.bind=127.0.0.1 -filer -s3 \
  -master.port="${ports[0]}" -master.port.grpc="${ports[1]}" -volume.port="${ports[2]}" \
  -volume.port.grpc="${ports[3]}" -filer.port="${ports[4]}" -filer.port.grpc="${ports[5]}" \
  -s3.port="$s3_port" -s3.port.grpc="${ports[6]}" -s3.port.iceberg=0 -s3.port.lance=0 -s3.iam=false \
  -s3.config="$work/s3.json" -master.volumeSizeLimitMB=64 -volume.max=16 -master.telemetry=false \
  >"$work/weed.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3_port/")" = 403 ] && break
  sleep 0.2
done
export AWS_ACCESS_KEY_ID=benchkey AWS_SECRET_ACCESS_KEY=benchsecret-0123456789 AWS_REGION=us-east-1 \
  AWS_ENDPOINT_URL="http://127.0.0.1:$s3_port" AWS_ALLOW_HTTP=true

# The batch: distinct sentences, so every article is synthesized in full (no cache hits).
python3 - "$articles" "$sentences" "$work/batch" <<'PY'
import json, os, sys
n, sentences, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(out)
towns = ["Ashford", "Bramley", "Carrow", "Dunmore", "Elston", "Farley", "Garton", "Hexley"]
things = ["bridges", "schools", "bus routes", "libraries", "parks", "clinics", "roads"]
for a in range(n):
    text = " ".join(
        f"In {towns[(a + s) % len(towns)]}, councillors voted {s + 3} to {a % 5 + 1} on "
        f"plan {a * 100 + s} to repair {things[(a * 7 + s) % len(things)]} before the spring."
        for s in range(sentences))
    json.dump({"text": f"Report {a + 1}. {text}"}, open(f"{out}/{a}.json", "w"))
PY

# metric NAME FILE: a counter from Prometheus text, 0 when absent.
metric() { awk -v n="$1" '$1 == n { print $2; found=1 } END { if (!found) print 0 }' "$2"; }

# run LABEL API_BASE KEY METRICS_URLS…: submits the batch, waits for it, prints figures.
run() {
  local label=$1 base=$2 key=$3; shift 3
  local start end ids=()
  start=$(date +%s.%N)
  for f in "$work"/batch/*.json; do
    ids+=("$(curl -sf -X POST "$base/v1/articles" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/json' --data-binary @"$f" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
  done
  for id in "${ids[@]}"; do
    until curl -sf "$base/v1/articles/$id" | grep -q '"status":"done"'; do
      curl -sf "$base/v1/articles/$id" | grep -q '"status":"failed"' && { echo "bench: $id failed" >&2; exit 1; }
      sleep 0.2
    done
  done
  end=$(date +%s.%N)
  local all="$work/metrics.$label"; : >"$all"
  for m in "$@"; do curl -sf "$m/metrics" >>"$all"; done
  python3 - "$label" "$start" "$end" "${#ids[@]}" "$all" <<'PY'
import sys, collections
label, start, end, n, path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
m = collections.Counter()
for line in open(path):
    if line.startswith("#") or not line.strip():
        continue
    name, value = line.rsplit(" ", 1)
    m[name] += float(value)
done = m['aloud_worker_jobs_total{outcome="done"}']
synth, store, wait = m["aloud_worker_synthesis_seconds_total"], m["aloud_worker_store_seconds_total"], m["aloud_worker_queue_wait_seconds_total"]
audio = m["aloud_worker_audio_seconds_total"]
wall = end - start
print(f"{label:<28} {n / wall * 60:6.1f} articles/min  wall {wall:6.1f} s  queue wait {wait / max(done, 1):5.1f} s/article  "
      f"synthesis {synth / max(done, 1):5.2f} s/article  store+db {store / max(done, 1) * 1000:6.0f} ms/article "
      f"({store / synth * 100 if synth else 0:4.2f} % of synthesis)  audio {audio / max(done, 1):5.1f} s/article")
PY
}

export ALOUD_VOICE=${ALOUD_VOICE:-en_US-joe-medium}
echo "bench: $articles articles of $sentences sentences, $(nproc) cores, voice $ALOUD_VOICE"

# The embedded default: SQLite and files, one worker in the server process.
emb="$work/embedded"
key=$("$aloud" keys create bench --data "$emb")
port=$(free_port)
"$aloud" serve --data "$emb" --listen "127.0.0.1:$port" 2>"$work/embedded.log" &
pids+=($!)
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
run "embedded (SQLite, files)" "http://127.0.0.1:$port" "$key" "http://127.0.0.1:$port"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

for workers in 1 2 4; do
  db="bench_$workers"
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U aloud "$db"
  export DATABASE_URL="postgres://aloud@127.0.0.1:$pg_port/$db" ALOUD_STORAGE="s3://bench/w$workers"
  data="$work/fleet$workers"
  "$aloud" migrate --data "$data" 2>/dev/null
  key=$("$aloud" keys create bench --data "$data")
  port=$(free_port)
  "$aloud" serve --data "$data" --listen "127.0.0.1:$port" --workers 0 2>"$work/api$workers.log" &
  pids+=($!)
  metrics=()
  for w in $(seq "$workers"); do
    mport=$(free_port)
    "$aloud" worker --data "$data" --metrics-listen "127.0.0.1:$mport" 2>"$work/worker$workers.$w.log" &
    pids+=($!)
    metrics+=("http://127.0.0.1:$mport")
  done
  for m in "${metrics[@]}" "http://127.0.0.1:$port"; do
    for _ in $(seq 300); do curl -sf "$m/healthz" >/dev/null && break; sleep 0.1; done
  done
  run "$workers worker(s), Postgres+S3" "http://127.0.0.1:$port" "$key" "${metrics[@]}"
  for p in "${pids[@]:1}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]:1}" 2>/dev/null || true
  pids=("${pids[0]}")
done
