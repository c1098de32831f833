#!/usr/bin/env bash
# Extraction benchmark on both shared corpora: `aloud extract --json` on every page of
# the article-extraction corpus (181 pages, human ground truth) and of the Readability.js
# test pages (130 pages, Readability.js's own output as the expectation). For each it
# prints F1/P/R from the corpus's score.py (all pages, then English ones), how many
# pages were refused ("no article text found" and other errors), and for the
# Readability pages the metadata accuracy per field against its metadata.json.
# Body blocks only: the title, the standfirst under it and captions are left out (the
# ground truths are the body: neither set's truths hold the headline or the
# standfirst). Speed: pages per second in one process pinned to one core (the
# extractor's own speed, target >= 200), and one `aloud` process per page.
#
#   bench/extract.sh [SHARED_CORPORA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${1:-../shared/corpora}
[ -f "$corpora/extraction/score.py" ] || { echo "bench: no corpora at $corpora" >&2; exit 1; }
cargo build --release --locked --quiet
cargo build --release --locked --quiet -p aloud-extract --example throughput

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# run_corpus NAME DIR: extracts every page of DIR into $work/NAME/{json,err,pred}.
run_corpus() {
  local name=$1 dir=$2 page id
  mkdir -p "$work/$name/json" "$work/$name/err" "$work/$name/pred" "$work/$name/html"
  for page in "$dir"/html/*.html.gz; do
    id=$(basename "$page" .html.gz)
    gzip -dc "$page" > "$work/$name/html/$id.html"
    "${pin[@]}" ./target/release/aloud extract "$work/$name/html/$id.html" --json \
      > "$work/$name/json/$id.json" 2> "$work/$name/err/$id.txt" || true
  done
  python3 - "$work/$name" <<'PY'
import json, os, sys
work = sys.argv[1]
refused = {}
for name in sorted(os.listdir(f"{work}/json")):
    page = name[:-5]
    try:
        article = json.load(open(f"{work}/json/{name}"))
        body = "\n\n".join(b["text"] for b in article["blocks"] if b["kind"]["type"] not in ("title", "standfirst", "caption"))
    except (ValueError, KeyError):
        body = ""  # extraction failed: scored as empty
        error = open(f"{work}/err/{page}.txt").read().strip().splitlines()
        refused[page] = error[-1] if error else "no output"
    open(f"{work}/pred/{page}.txt", "w").write(body)
no_article = sum("no article" in e for e in refused.values())
print(f"refused: {len(refused)} pages ({no_article} as 'no article text found')"
      + (": " + ", ".join(sorted(refused)) if refused else ""))
PY
}

# Metadata against the Readability pages' metadata.json, per field.
metadata_accuracy() {
  python3 - "$work/readability" "$corpora/extraction-readability/metadata.json" <<'PY'
import json, os, re, sys, unicodedata
work, expected = sys.argv[1], json.load(open(sys.argv[2]))
def norm(s):
    s = unicodedata.normalize("NFKC", s or "").lower()
    return " ".join(re.findall(r"\w+", s))
def same_text(a, b):
    return norm(a) == norm(b)
def same_title(ours, theirs):
    # Readability.js keeps a site or section suffix ("Headline | Site") that aloud
    # removes on purpose: a title equal to one side of such a separator matches.
    if same_text(ours, theirs):
        return True
    parts = re.split(r"\s+[|\-–—:_·»/]+\s+|\s+_", theirs or "")
    return any(same_text(ours, " - ".join(parts[:i]) if i else "") for i in range(1, len(parts)))
def same_byline(a, b):
    # "A and B" (aloud) and "A, B" (Readability.js) name the same people.
    a, b = (re.sub(r"^by | and ", " ", norm(x)).split() for x in (a, b))
    a, b = " ".join(a), " ".join(b)
    return a == b or (bool(a) and bool(b) and (a in b or b in a))
def same_lang(a, b):
    return (a or "").lower().split("-")[0] == (b or "").lower().split("-")[0]
def same_date(a, b):
    return (a or "")[:10] == (b or "")[:10]
fields = [("title", "title", same_title), ("byline", "byline", same_byline),
          ("lang", "language", same_lang), ("siteName", "site_name", same_text),
          ("publishedTime", "published", same_date)]
hits = {f: [0, 0] for f, _, _ in fields}
for page, want in sorted(expected.items()):
    try:
        meta = json.load(open(f"{work}/json/{page}.json"))["meta"]
    except (ValueError, KeyError, FileNotFoundError):
        meta = {}
    for field, ours, same in fields:
        if want.get(field) is None:
            continue  # the page does not say: not counted (a detected language, a
                      # byline Readability.js missed, are not errors)
        hits[field][1] += 1
        hits[field][0] += bool(want.get(field) is not None and meta.get(ours) is not None
                               and same(meta.get(ours), want.get(field)))
refused = {p[:-4] for p in os.listdir(f"{work}/err") if os.path.getsize(f"{work}/json/{p[:-4]}.json") == 0}
not_articles = {p for p, m in expected.items() if m.get("readerable") is False}
print(f"refused: {len(refused & not_articles)} of the {len(not_articles)} pages Readability.js calls "
      f"not readerable; refused though readerable: {', '.join(sorted(refused - not_articles)) or 'none'}")
print("metadata (pages where the expectation has the field; correct / counted):")
print("  " + "  ".join(f"{f} {h}/{n} = {h / n:.2f}" for f, (h, n) in hits.items() if n))
PY
}

for name in extraction readability; do
  dir=$corpora/extraction; [ "$name" = readability ] && dir=$corpora/extraction-readability
  echo "== $name ($(ls "$dir"/html/*.html.gz | wc -l) pages)"
  start=$(date +%s.%N)
  run_corpus "$name" "$dir"
  end=$(date +%s.%N)
  echo "all pages:     $(python3 "$dir/score.py" "$work/$name/pred" --bootstrap 0 | tail -1)"
  echo "English pages: $(python3 "$dir/score.py" "$work/$name/pred" --lang en --bootstrap 0 | tail -1)"
  [ "$name" = readability ] && metadata_accuracy
  python3 -c "import sys; p, s, e = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]); print(f'speed: {p} pages in {e - s:.2f} s = {p / (e - s):.0f} pages/s (one process per page, one core)')" \
    "$(ls "$dir"/html/*.html.gz | wc -l)" "$start" "$end"
  "${pin[@]}" ./target/release/examples/throughput "$work/$name"/html/*.html
done
