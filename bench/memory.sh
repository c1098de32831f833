#!/usr/bin/env bash
# Peak memory of a long narration (issue #17: at most 500 MB for any accepted input):
# `aloud narrate` on a generated text of WORDS words (default 50,000; the example
# article's paragraphs, each copy numbered), with the Piper voice, timed by GNU time.
# Prints the words, the audio's length, the wall time and the peak resident memory.
#
#   bench/memory.sh [WORDS]
#
# About ten minutes for 50,000 words on 2 cores (five hours of audio).
set -euo pipefail
cd "$(dirname "$0")/.."
words=${1:-50000}
scripts/setup.sh
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
/usr/bin/time -v ./target/release/aloud narrate "$work/long.md" -o "$work/long.mp3" \
  --voice en_US-joe-medium -q 2> "$work/time.txt"
audio=$(python3 -c "import os; print(f'{os.path.getsize(\"$work/long.mp3\") * 8 / 64000 / 60:.1f}')")
wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt")
peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
echo "audio: about $audio min (from the MP3's size at 64 kbit/s)"
echo "wall: $wall"
echo "peak memory: $((peak / 1024)) MB"
