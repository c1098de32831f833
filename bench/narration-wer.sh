#!/usr/bin/env bash
# Narration against a human-prepared script, the way issue #12 is judged: for each
# page in bench/narration/ (pages written for this project; each NAME.txt starts with
# `page: PATH` and then holds the script a careful newsreader would read, in spoken
# words), aloud narrates the page itself and, with the same voice, reads the human
# script; the shared ASR judge (Whisper base) transcribes both and scores them against
# the human script. The difference in word error rate is what aloud's extraction and
# normalization cost the listener (target: mean within +0.02, no page over +0.05).
#
#   bench/narration-wer.sh [--voice NAME] [NAME...]
#
# BENCH_DIFFS=DIR keeps the judge's word-by-word diffs of both readings, to read. Needs
# the shared judge installed (../shared/tools/asr_judge/install.sh). About forty seconds
# a page on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
voice=en_US-joe-medium
if [ "${1:-}" = --voice ]; then voice=$2; shift 2; fi
names=("$@")
if ((${#names[@]} == 0)); then
  for f in bench/narration/*.txt; do names+=("$(basename "$f" .txt)"); done
fi
tools=../shared/tools
judge_python=${ASR_JUDGE_VENV:-/tmp/asrjudge-venv}/bin/python
[ -x "$judge_python" ] || { echo "bench: install the judge first: $tools/asr_judge/install.sh" >&2; exit 1; }

scripts/setup.sh
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wer() { "$judge_python" "$tools/asr_judge/judge.py" "$1" "$2" --diff-out "$3" | tail -1 | sed -n 's/^WER=\([0-9.]*\).*/\1/p'; }

printf '%-38s %7s %7s %7s\n' page aloud human delta
sum=0 worst=0 n=0
for name in "${names[@]}"; do
  file=bench/narration/$name.txt
  page=$(sed -n '1s/^page: //p' "$file")
  [ -f "$page" ] || { echo "bench: $file names no page ($page)" >&2; exit 1; }
  tail -n +2 "$file" > "$work/$name.reference.txt"
  ./target/release/aloud narrate "$page" -o "$work/$name.aloud.mp3" --voice "$voice" -q
  ./target/release/aloud narrate "$work/$name.reference.txt" -o "$work/$name.human.mp3" --voice "$voice" -q
  a=$(wer "$work/$name.aloud.mp3" "$work/$name.reference.txt" "$work/$name.aloud.diff")
  h=$(wer "$work/$name.human.mp3" "$work/$name.reference.txt" "$work/$name.human.diff")
  d=$(python3 -c "print(f'{$a - $h:+.3f}')")
  printf '%-38s %7s %7s %7s\n' "$name" "$a" "$h" "$d"
  if [ -n "${BENCH_DIFFS:-}" ]; then
    mkdir -p "$BENCH_DIFFS" && cp "$work/$name".*.diff "$BENCH_DIFFS/"
  fi
  read -r sum worst n < <(python3 -c "print($sum + $d, max($worst, $d), $n + 1)")
done
python3 -c "print(f'mean delta {$sum / $n:+.3f}, worst {$worst:+.3f}, pages $n, voice $voice')"
