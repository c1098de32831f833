#!/usr/bin/env bash
# Word timings against an independent clock (issue #15): aloud narrates the example
# article with each voice named (default: the Piper voice and Kokoro af_heart), and the
# shared ASR judge's Whisper model transcribes the narration with its own word
# timestamps; bench/word_timings.py aligns the two and prints the median and 90th
# percentile start-time difference (target: median <= 80 ms, p90 <= 200 ms), and how
# far both are from the audio's own onsets after pauses. Then the same for
# bench/word-timings/pauses.txt, a sentence of vowel-initial names between commas,
# where the audio itself marks where each word starts (the hand-checkable case).
#
#   bench/word-timings.sh [VOICE...]      BENCH_SHOW=N lists the N worst words
#
# Needs the shared judge installed (../shared/tools/asr_judge/install.sh). About a
# minute per voice on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
voices=("$@")
((${#voices[@]})) || voices=(en_US-joe-medium af_heart)
judge_python=${ASR_JUDGE_VENV:-/tmp/asrjudge-venv}/bin/python
[ -x "$judge_python" ] || { echo "bench: install the judge first: ../shared/tools/asr_judge/install.sh" >&2; exit 1; }

scripts/setup.sh
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for input in examples/article.html bench/word-timings/pauses.txt; do
  for voice in "${voices[@]}"; do
    echo "== $voice: $input"
    ./target/release/aloud narrate "$input" -o "$work/$voice.wav" \
      --timings "$work/$voice.json" --voice "$voice" -q
    "$judge_python" bench/word_timings.py "$work/$voice.wav" "$work/$voice.json" --show "${BENCH_SHOW:-0}"
  done
done
