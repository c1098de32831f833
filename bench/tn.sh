#!/usr/bin/env bash
# Text-normalization benchmark: runs `aloud normalize` over the shared English TN suite
# (NeMo's test cases) and prints the score per class and overall. The headline excludes
# the classes a news narrator never meets (normalize_with_audio,
# punctuation_match_input, special_text); the full-suite figure follows.
#
#   bench/tn.sh [CORPUS_DIR] [--show-errors N]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/tn-en}
shift || true
[ -f "$corpus/score.py" ] || { echo "bench: no corpus at $corpus" >&2; exit 1; }
cargo build --release --locked --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$corpus/score.py" --emit-inputs > "$work/inputs.jsonl"
python3 -c 'import json,sys
for line in open(sys.argv[1]): print(json.loads(line)["written"].replace("\n", " "))' "$work/inputs.jsonl" > "$work/written.txt"
./target/release/aloud normalize < "$work/written.txt" > "$work/spoken.txt"
python3 -c 'import json,sys
inputs = [json.loads(l) for l in open(sys.argv[1])]
spoken = open(sys.argv[2]).read().split("\n")
for case, said in zip(inputs, spoken):
    case["predicted"] = said
    print(json.dumps(case))' "$work/inputs.jsonl" "$work/spoken.txt" > "$work/predictions.jsonl"
echo "== news classes (excluding normalize_with_audio, punctuation_match_input, special_text)"
python3 "$corpus/score.py" "$work/predictions.jsonl" --exclude normalize_with_audio,punctuation_match_input,special_text "$@"
echo "== full suite"
python3 "$corpus/score.py" "$work/predictions.jsonl" | tail -1
echo "== news classes, --lenient, without the $(grep -vc '^#' bench/tn-disagreements.tsv) cases of bench/tn-disagreements.tsv (house style aloud reads differently on purpose)"
python3 "$corpus/score.py" "$work/predictions.jsonl" --lenient --show-errors 100000 \
  --exclude normalize_with_audio,punctuation_match_input,special_text > "$work/lenient.txt"
python3 -c 'import re,sys
skip = {l.split("\t")[0] for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")}
text = open(sys.argv[2]).read()
cases = int(re.search(r"TN_ACC=\S+ cases=(\d+)", text).group(1))
errors = set(re.findall(r"^ERR \[([^\]]+)\]", text, re.M))
kept = cases - len(skip)
classes = {}
for line in open(sys.argv[3]):
    case = __import__("json").loads(line)
    if case["id"] in skip or case["class"] in ("normalize_with_audio", "punctuation_match_input", "special_text"):
        continue
    right, total = classes.get(case["class"], (0, 0))
    classes[case["class"]] = (right + (case["id"] not in errors), total + 1)
print("  ".join(f"{c} {r / t:.2f}" for c, (r, t) in sorted(classes.items())))
print(f"TN_ACC={(kept - len(errors - skip)) / kept:.3f} cases={kept}")' bench/tn-disagreements.tsv "$work/lenient.txt" "$work/predictions.jsonl"
echo '== news classes, --lenient (ignores the word "and": NeMo reads "one hundred and twenty", American news "one hundred twenty")'
python3 "$corpus/score.py" "$work/predictions.jsonl" --lenient --exclude normalize_with_audio,punctuation_match_input,special_text | tail -1
