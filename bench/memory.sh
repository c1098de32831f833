#!/usr/bin/env bash
# Peak memory of a long narration (issue #17: at most 500 MB for any accepted input),
# on a generated text of WORDS words (default 50,000; the example article's paragraphs,
# each copy numbered), with the Piper voice:
#   - cli:    `aloud narrate` of the text to MP3, timed by GNU time;
#   - server: the text submitted to `aloud serve` (one worker), until its MP3, Opus and
#             timings are stored; the server process's peak (VmHWM) read from /proc.
# Prints the words, the audio's length, the wall time and the peak resident memory.
#
#   bench/memory.sh [WORDS] [cli|server|both]
#
# About twenty minutes per mode for 50,000 words on 2 cores (five hours of audio).
set -euo pipefail
cd "$(dirname "$0")/.."
words=${1:-50000}
mode=${2:-both}
scripts/setup.sh
cargo build --release --locked --quiet
command -v curl >/dev/null || { echo "bench: needs curl" >&2; exit 1; }
work=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
python3 - "$words" "$work/long.md" <<'PY'
import sys
want, out = int(sys.argv[1]), sys.argv[2]
paragraphs = [p.strip() for p in open("examples/article.md", encoding="utf-8").read().split("\n\n")
              if p.strip() and not p.startswith("#")]
text, count, part = ["# A long read"], 0, 0
while count < want:
    part += 1
    text.append(f"## Part {part}")
    for p in paragraphs:
        text.append(p)
        count += len(p.split())
        if count >= want:
            break
open(out, "w", encoding="utf-8").write("\n\n".join(text) + "\n")
print(f"text: {count} words in {part} parts")
PY

if [ "$mode" = cli ] || [ "$mode" = both ]; then
  /usr/bin/time -v ./target/release/aloud narrate "$work/long.md" -o "$work/long.mp3" \
    --voice en_US-joe-medium -q 2> "$work/time.txt"
  audio=$(python3 -c "import os; print(f'{os.path.getsize(\"$work/long.mp3\") * 8 / 64000 / 60:.1f}')")
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt")
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  echo "cli: audio about $audio min, wall $wall, peak memory $((peak / 1024)) MB"
fi

if [ "$mode" = server ] || [ "$mode" = both ]; then
  data="$work/server"
  key=$(./target/release/aloud keys create bench --data "$data")
  port=$((20000 + RANDOM % 20000))
  # The server takes up to 3 h of audio by default; raised so the long text is accepted.
  ./target/release/aloud serve --data "$data" --listen "127.0.0.1:$port" --workers 1 \
    --voice en_US-joe-medium --max-audio-minutes 600 2>"$work/server.log" &
  pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  started=$(date +%s)
  id=$(python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read()}))' "$work/long.md" |
    curl -sf -X POST "$base/v1/articles" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/json' --data-binary @- |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    status=$(curl -sf "$base/v1/articles/$id" | python3 -c 'import json,sys; a=json.load(sys.stdin); print(a["status"], a.get("duration_ms") or 0)')
    case $status in
      done*) break ;;
      failed*) echo "bench: the narration failed: $(curl -s "$base/v1/articles/$id")" >&2; exit 1 ;;
    esac
    sleep 5
  done
  wall=$(( $(date +%s) - started ))
  peak=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
  echo "server: audio $(( ${status#done } / 60000 )) min, wall ${wall} s, peak memory $((peak / 1024)) MB"
fi
