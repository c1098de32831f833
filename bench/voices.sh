#!/usr/bin/env bash
# Voice benchmark: `aloud narrate` of the example article with each voice named (default:
# Piper's en_US-joe-medium and four Kokoro voices), side by side in one run. Prints per
# voice the wall time, the audio's length, the real-time factor and the peak memory;
# with the shared ASR judge installed (../shared/tools/asr_judge/install.sh), also the
# word error rate of a transcription against the script aloud read (the same for every
# voice, so the figures compare the voices, not the normalizer) and the loudness.
#
#   bench/voices.sh [ARTICLE] [VOICE...]
set -euo pipefail
cd "$(dirname "$0")/.."
article=${1:-examples/article.html}
shift || true
voices=("$@")
((${#voices[@]})) || voices=(en_US-joe-medium af_heart am_michael bf_emma bm_george)

scripts/setup.sh
cargo build --release --locked --quiet
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
tools=../shared/tools
judge_python=${ASR_JUDGE_VENV:-/tmp/asrjudge-venv}/bin/python
judge=false
[ -x "$judge_python" ] && [ -f "$tools/asr_judge/judge.py" ] && judge=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/aloud script "$article" > "$work/script.txt"
echo "article: $article ($(wc -w < "$work/script.txt") words spoken), $(nproc) cores"
printf '%-18s %8s %8s %6s %8s %7s %7s\n' voice wall audio RTF peak WER LUFS
for voice in "${voices[@]}"; do
  # One untimed run first, so every voice starts from a warm page cache.
  ./target/release/aloud say "Warm up." --voice "$voice" -o "$work/warm.wav" > /dev/null 2>&1
  /usr/bin/time -f "%e %M" -o "$work/time" \
    ./target/release/aloud narrate "$article" -o "$work/$voice.mp3" --voice "$voice" \
    --timings "$work/$voice.json" -q
  read -r wall peak_kb < "$work/time"
  audio=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration_ms"] / 1000)' "$work/$voice.json")
  wer=- lufs=-
  if $judge; then
    wer=$("$judge_python" "$tools/asr_judge/judge.py" "$work/$voice.mp3" "$work/script.txt" | tail -1 | sed -n 's/^WER=\([0-9.]*\).*/\1/p')
    lufs=$("$judge_python" "$tools/audio_check.py" "$work/$voice.mp3" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lufs"])')
  fi
  printf '%-18s %7.2fs %7.1fs %6.3f %6d MB %7s %7s\n' "$voice" "$wall" "$audio" \
    "$(python3 -c "print($wall / $audio)")" $((peak_kb / 1024)) "$wer" "$lufs"
done
