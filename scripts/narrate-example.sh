#!/usr/bin/env bash
# The main job on embedded defaults: installs what is missing, builds aloud, and
# narrates the bundled example article to out/example.mp3 (with timings and captions).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --locked --quiet
mkdir -p out
./target/release/aloud narrate examples/article.html -o out/example.mp3 \
  --timings out/example.json --vtt out/example.vtt "$@"
