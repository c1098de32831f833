#!/usr/bin/env bash
# Extraction benchmark: runs `aloud extract` over the 181 pages of the shared
# article-extraction corpus and scores the article bodies with its score.py (all pages,
# then the English ones). The title block is left out (the ground truth is the body).
# Speed: pages per second in one process pinned to one core (the extractor's own speed,
# target >= 200), and with every page a separate `aloud` process (start-up included).
#
#   bench/extract.sh [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/extraction}
[ -f "$corpus/score.py" ] || { echo "bench: no corpus at $corpus" >&2; exit 1; }
cargo build --release --locked --quiet
cargo build --release --locked --quiet -p aloud-extract --example throughput

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/json" "$work/pred"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
start=$(date +%s.%N)
pages=0
for page in "$corpus"/html/*.html.gz; do
  id=$(basename "$page" .html.gz)
  gzip -dc "$page" > "$work/page.html"
  "${pin[@]}" ./target/release/aloud extract "$work/page.html" --json > "$work/json/$id.json" 2>/dev/null || true
  pages=$((pages + 1))
done
end=$(date +%s.%N)

python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
for name in os.listdir(f"{work}/json"):
    path = f"{work}/json/{name}"
    try:
        article = json.load(open(path))
        body = "\n\n".join(b["text"] for b in article["blocks"] if b["kind"]["type"] not in ("title", "caption"))
    except (ValueError, KeyError):
        body = ""  # extraction failed: scored as empty
    open(f"{work}/pred/{name[:-5]}.txt", "w").write(body)
PY
echo "all pages:";   python3 "$corpus/score.py" "$work/pred" | tail -1
echo "English pages:"; python3 "$corpus/score.py" "$work/pred" --lang en | tail -1
python3 -c "import sys; p, s, e = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]); print(f'speed: {p} pages in {e - s:.2f} s = {p / (e - s):.0f} pages/s (one process per page, one core)')" "$pages" "$start" "$end"
mkdir -p "$work/html"
for page in "$corpus"/html/*.html.gz; do gzip -dc "$page" > "$work/html/$(basename "$page" .gz)"; done
"${pin[@]}" ./target/release/examples/throughput "$work"/html/*.html
