#!/usr/bin/env bash
# Self-check benchmark (`aloud narrate --check`): for each page, the narration's wall
# time and CPU time without and with the check (target: at most +30 % wall on 2 cores),
# the recognizer's CPU per minute of audio (the difference over the audio's length),
# and how often the check fires: sentences checked, retaken, fixed by a retake, and the
# words it names, each printed with what was heard (read them: which are real misses,
# which false alarms on names). Where the shared Whisper judge is installed
# (../shared/tools/asr_judge/install.sh), it judges the check independently: for each
# questioned sentence, Whisper's word error rate of the first take and of the take kept
# (bench/check_judge.py), and whether Whisper heard each named word as written.
#
#   bench/check.sh [PAGE.html|PAGE.html.gz ...]
# Default: the example article and three long English news pages of the shared corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --locked --quiet
corpus=../shared/corpora/extraction/html
pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  pages=(examples/article.html)
  for h in 04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34 \
    1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432 \
    2f42ef1d3ea0c96e56355d3db93d0e06b47e760b74f6f4261278b8cd1c246dd6; do
    [ -f "$corpus/$h.html.gz" ] && pages+=("$corpus/$h.html.gz")
  done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
aloud=./target/release/aloud
judge_python=${ASR_JUDGE_VENV:-/tmp/asrjudge-venv}/bin/python
judge=../shared/tools/asr_judge/judge.py
printf '%-28s %8s %8s %8s %8s %7s %9s %8s %6s %7s %6s\n' page audio_s wall_s wall_chk cpu_s cpu_chk wall_+% chk_cpu/min checked retaken fixed
for page in "${pages[@]}"; do
  name=$(basename "$page" | cut -c1-24)
  input="$work/page.html"
  case "$page" in *.gz) zcat "$page" > "$input" ;; *) cp "$page" "$input" ;; esac
  # A warm-up narration (loads the voice's optimized graph into the page cache).
  "$aloud" narrate "$input" -o "$work/warm.mp3" -q
  /usr/bin/time -f '%e %U %S' -o "$work/plain.time" "$aloud" narrate "$input" -o "$work/plain.mp3" --timings "$work/plain.json" -q
  /usr/bin/time -f '%e %U %S' -o "$work/check.time" "$aloud" narrate "$input" -o "$work/check.mp3" --timings "$work/check.json" --check \
    --check-takes "$work/takes" 2>"$work/check.log"
  python3 - "$name" "$work" <<'PY'
import json, sys
name, work = sys.argv[1], sys.argv[2]
def times(kind):
    wall, user, system = map(float, open(f"{work}/{kind}.time").read().split())
    return wall, user + system
wall, cpu = times("plain")
wall_c, cpu_c = times("check")
t = json.load(open(f"{work}/check.json"))
audio = t["duration_ms"] / 1000
checks = [u.get("check") for u in t["utterances"]]
checked = [c for c in checks if c]
retaken = [c for c in checked if c["takes"] > 1]
fixed = [c for c in retaken if c["score"] >= 0.8 and not any(s["kind"] == "unclear" for s in c.get("suspects", []))]
print(f"{name:<28} {audio:8.1f} {wall:8.2f} {wall_c:8.2f} {cpu:8.2f} {cpu_c:8.2f} {100 * (wall_c / wall - 1):8.0f}% {(cpu_c - cpu) / (audio / 60):10.2f} {len(checked):4}/{len(checks):<3} {len(retaken):6} {len(fixed):6}")
for u in t["utterances"]:
    for s in (u.get("check") or {}).get("suspects", []):
        print(f"    {s['kind']:<8} {s['text']!r} heard {s['heard']!r}   ({u['check']['heard'][:90]!r})")
PY
  if [ -x "$judge_python" ] && [ -f "$judge" ]; then
    python3 bench/check_judge.py "$work/takes" "$work/check.json" "$judge_python" "$judge"
  fi
  rm -rf "$work/takes"
done
