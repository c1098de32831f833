#!/usr/bin/env bash
# Residue audit of the normalizer, independent of any TN suite: runs `aloud script`
# over every page of both shared extraction corpora and lists each spoken token that
# still holds a digit, a symbol ($ € £ % & @ # / ° + = < >), a full stop inside a word,
# or a run of capitals (which espeak-ng spells, or reads as a word it guesses), with
# the written text it came from and its page (pages in other languages are left as
# written for espeak-ng of their language, and skipped). Prints the count per kind and the most
# frequent tokens of each; the whole list goes to the file named by --out.
#
#   bench/tn-audit.sh [--out FILE] [--show N] [--sample N [--seed S]]
#
# --sample N also prints N normalized word groups drawn at random (seeded, so the same
# sample comes back for the same rules) whose spoken form differs from the written one:
# the sample reviewed by eye when the rules change. --seed draws another sample (12 by
# default).
set -euo pipefail
cd "$(dirname "$0")/.."
out=/dev/null show=12 sample=0 seed=12
while (($#)); do
  case $1 in
    --out) out=$2; shift 2 ;;
    --show) show=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "usage: bench/tn-audit.sh [--out FILE] [--show N] [--sample N [--seed S]]" >&2; exit 2 ;;
  esac
done
corpora=(../shared/corpora/extraction ../shared/corpora/extraction-readability)
for dir in "${corpora[@]}"; do
  [ -d "$dir/html" ] || { echo "bench: no corpus at $dir" >&2; exit 1; }
done
cargo build --release --locked --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pages=0
for dir in "${corpora[@]}"; do
  name=$(basename "$dir")
  mkdir -p "$work/$name"
  for page in "$dir"/html/*.html.gz; do
    id=$(basename "$page" .html.gz)
    gzip -dc "$page" > "$work/$name/$id.html"
    # A page refused as not an article says nothing; it is counted, not read.
    ./target/release/aloud script --json "$work/$name/$id.html" > "$work/$name/$id.json" 2>/dev/null ||
      rm -f "$work/$name/$id.json"
    pages=$((pages + 1))
  done
done

python3 - "$work" "$out" "$show" "$sample" "$pages" "$seed" <<'EOF'
import collections, json, pathlib, random, re, sys

work, out, show, sample, pages = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
seed = int(sys.argv[6])
KINDS = {
    "digit": re.compile(r"\d"),
    "symbol": re.compile(r"[$€£%&@#/°+=<>]"),
    "inner full stop": re.compile(r"\w\.\w"),
    "capital run": re.compile(r"[A-Z]{2,}"),
}
found = {k: [] for k in KINDS}
groups = []
read = 0
other_languages = 0
def english(lang):
    lang = (lang or "").strip().lower()
    return not lang or lang == "en" or lang[:3] in ("en-", "en_") or lang.startswith("english")
for path in sorted(work.glob("*/*.json")):
    read += 1
    page = f"{path.parent.name}/{path.stem}"
    script = json.loads(path.read_text())
    # Text in another language is left as written for espeak-ng of that language.
    if not english(script["meta"].get("language")):
        other_languages += 1
        continue
    for u in script["utterances"]:
        base = u["span"]["start"]
        for w in u["words"]:
            written = u["text"][w["span"]["start"] - base : w["span"]["end"] - base]
            if w["spoken"] != written:
                groups.append((page, written, w["spoken"]))
            for token in w["spoken"].split():
                token = token.strip(".,;:!?\"'()[]“”‘’…")
                for kind, pattern in KINDS.items():
                    if pattern.search(token):
                        found[kind].append((token, written, page))
lines = []
print(f"pages {pages}, read {read} (the rest refused as not articles), "
      f"{other_languages} of them in other languages (left as written, not audited)")
print(f"normalized word groups: {len(groups)}")
for kind, hits in found.items():
    tokens = collections.Counter(t for t, _, _ in hits)
    print(f"{kind}: {len(hits)} tokens ({len(tokens)} distinct)")
    for token, n in tokens.most_common(show):
        written, page = next((w, p) for t, w, p in hits if t == token)
        print(f"    {n:4}  {token!r:24} from {written!r} ({page})")
    lines += [f"{kind}\t{t}\t{w}\t{p}" for t, w, p in hits]
pathlib.Path(out).write_text("\n".join(lines) + "\n") if out != "/dev/null" else None
if sample:
    print(f"== {sample} normalized word groups at random (seed {seed})")
    for page, written, spoken in random.Random(seed).sample(groups, min(sample, len(groups))):
        print(f"    {written!r} → {spoken!r} ({page})")
EOF
