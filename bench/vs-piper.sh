#!/usr/bin/env bash
# Speed benchmark: aloud vs the reference Piper CLI, side by side on this machine.
#
# Runs `aloud narrate` on a ~400-word example article (HTML → MP3, the whole pipeline)
# and `piper` (PyPI piper-tts==1.8.0, same voice, same ONNX Runtime version) on the
# plain text aloud's script stage produced (text → WAV), alternating, RUNS times each.
# Prints both median wall times, their ratio, audio seconds, real-time factors and
# aloud's peak memory. Before the timed runs, each program runs once untimed (so both
# read the model from the page cache); aloud's untimed run starts without its
# optimized-graph cache, so it writes it, and its time is printed as the cold start.
#
#   bench/vs-piper.sh [ARTICLE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
article=${1:-examples/article.html}
runs=${2:-3}

scripts/setup.sh
cargo build --release --locked --quiet
data=${ALOUD_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/aloud}
model="$data/voices/en_US-joe-medium.onnx"

venv=${ALOUD_BENCH_VENV:-${TMPDIR:-/tmp}/aloud-bench-piper}
if [ ! -x "$venv/bin/piper" ]; then
  echo "bench: installing piper-tts==1.8.0 into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check piper-tts==1.8.0 onnxruntime==1.31.1
fi
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/aloud script "$article" > "$work/script.txt"
words=$(wc -w < "$work/script.txt")

rm -rf "$data/cache/optimized"
/usr/bin/time -f "%e %M" -o "$work/aloud.cold" \
  ./target/release/aloud narrate "$article" -o "$work/aloud.mp3" --quiet
"$venv/bin/piper" -m "$model" -f "$work/piper.wav" < "$work/script.txt" 2>/dev/null

for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$work/aloud.$i" \
    ./target/release/aloud narrate "$article" -o "$work/aloud.mp3" --timings "$work/aloud.json" --quiet
  /usr/bin/time -f "%e %M" -o "$work/piper.$i" \
    "$venv/bin/piper" -m "$model" -f "$work/piper.wav" < "$work/script.txt" 2>/dev/null
done

python3 - "$work" "$runs" "$words" <<'PY'
import json, statistics, sys, wave
work, runs, words = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def runs_of(name):
    rows = [open(f"{work}/{name}.{i}").read().split() for i in range(1, runs + 1)]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
aloud_wall, aloud_kb = runs_of("aloud")
piper_wall, _ = runs_of("piper")
aloud_audio = json.load(open(f"{work}/aloud.json"))["duration_ms"] / 1000
with wave.open(f"{work}/piper.wav") as w:
    piper_audio = w.getnframes() / w.getframerate()
a, p = statistics.median(aloud_wall), statistics.median(piper_wall)
print(f"words              {words}")
print(f"aloud wall (s)     {a:.2f}  median of {runs}: {' '.join(f'{x:.2f}' for x in aloud_wall)}")
print(f"piper wall (s)     {p:.2f}  median of {runs}: {' '.join(f'{x:.2f}' for x in piper_wall)}")
print(f"ratio aloud/piper  {a / p:.3f}  (target <= 0.9)")
print(f"audio (s)          aloud {aloud_audio:.1f}  piper {piper_audio:.1f}")
print(f"real-time factor   aloud {a / aloud_audio:.4f}  piper {p / piper_audio:.4f}")
print(f"aloud peak memory  {max(aloud_kb) / 1024:.0f} MB  (target <= 500)")
cold = open(f"{work}/aloud.cold").read().split()
print(f"aloud cold start   {float(cold[0]):.2f} s, {int(cold[1]) / 1024:.0f} MB  (first run: writes the optimized graph)")
PY
