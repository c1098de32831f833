#!/usr/bin/env bash
# Streaming benchmark: for a new article on a warm server (voice loaded), the time from
# submitting it to the first byte of audio from its stream (targets: 0.5 s with Piper,
# 1.0 s with Kokoro, whose stream starts with a short first piece of the title), next to
# the time the server needs for the article's title alone, through the OpenAI-compatible
# endpoint as a WAV (request, synthesis, encoding, response); with Piper the title is the
# first utterance, and the first audio byte should come ≤ 300 ms after that time.
# The voice is the server's default for articles, or $ALOUD_VOICE. Also prints when the whole article
# was done (MP3, Opus, timings stored; status "done"), from the same submission: for
# the first run, which synthesizes every sentence, and for the later ones, whose only
# new sentence is the edited title.
#
#   bench/stream.sh [ARTICLE.html] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
article=${1:-examples/article.html}
runs=${2:-3}
scripts/setup.sh
cargo build --release --locked --quiet
command -v curl >/dev/null || { echo "bench: needs curl" >&2; exit 1; }

work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
key=$(./target/release/aloud keys create bench --data "$work")
./target/release/aloud serve --data "$work" --listen "127.0.0.1:$port" 2>"$work/server.log" &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# The voice articles get (the server's default, or $ALOUD_VOICE): the speech requests
# below name it, so they load and time the same voice.
voice=$(curl -s "$base/v1/voices" | python3 -c 'import json,sys; print(json.load(sys.stdin)["default"])')
echo "voice: $voice"
title=$(./target/release/aloud extract "$article" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["meta"]["title"])')
speech() {
  curl -s -o /dev/null -w '%{time_total}' -X POST "$base/v1/audio/speech" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"model":"tts-1","input":sys.argv[1],"voice":sys.argv[2],"response_format":"wav"}))' "$1" "$voice")"
}
speech "Warming up the voice." >/dev/null   # loads the voice

for i in $(seq "$runs"); do
  # A new article each run: its title's first word is another each time, so the
  # first utterance (or, with a slow voice, its short first piece) is not cached.
  # Timed from the submission to the first byte of streamed audio (headers come at
  # once and do not count).
  places=(Lakeside Hillside Brookside Parkside Bayside Westfield Northgate Eastwood Southport)
  new_title="${places[$(( (i - 1) % ${#places[@]} ))]} ${title#* }"
  ttfb=$(python3 - "$base" "$key" "$article" "$title" "$new_title" <<'PY'
import http.client, json, sys, time, urllib.parse
base, key, article, title, new_title = sys.argv[1:]
host = urllib.parse.urlparse(base).netloc
html = open(article).read().replace(title, new_title)
start = time.monotonic()
conn = http.client.HTTPConnection(host)
conn.request("POST", "/v1/articles", json.dumps({"html": html}), {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
article_id = json.loads(conn.getresponse().read())["id"]
conn = http.client.HTTPConnection(host)
conn.request("GET", f"/v1/articles/{article_id}/stream")
resp = conn.getresponse()
resp.read(1)
ttfb = time.monotonic() - start
resp.read()
for _ in range(3000):  # let the worker finish the article before timing the next request
    conn = http.client.HTTPConnection(host)
    conn.request("GET", f"/v1/articles/{article_id}")
    if json.loads(conn.getresponse().read())["status"] in ("done", "failed"):
        break
    time.sleep(0.02)
print(f"{ttfb:.3f} {time.monotonic() - start:.3f}")
PY
)
  one=$(speech "$new_title, again")
  echo "$ttfb $one" >> "$work/runs"
done
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
ttfb = statistics.median(r[0] for r in rows)
one = statistics.median(r[2] for r in rows)
print(f"first audio byte (s)        {ttfb:.3f}  runs: {' '.join(f'{r[0]:.3f}' for r in rows)}  (target: Piper <= 0.5, Kokoro <= 1.0)")
print(f"the title alone (s)         {one:.3f}  runs: {' '.join(f'{r[2]:.3f}' for r in rows)}  (speech endpoint, WAV)")
print(f"overhead (s)                {ttfb - one:+.3f}  (Piper, whose first utterance is the title: target <= 0.300)")
# The first run synthesizes every sentence; later runs change only the title, so the
# rest comes from the sentence cache (an edited article).
later = ' '.join(f'{r[1]:.3f}' for r in rows[1:])
print(f"article done (s)            {rows[0][1]:.3f}  first run (all new); later runs (title edited): {later}")
PY
