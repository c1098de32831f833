#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what is missing (Debian
# packages, the pinned ONNX Runtime and voice), checks formatting and lints, then runs
# every unit and end-to-end test against the real voice (the server's on both backends:
# SQLite and files, then PostgreSQL and S3), then the player and web app in headless
# Chromium (tests/browser, with the pinned playwright-core and axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
cargo fmt --all -- --check
cargo clippy --release --all-targets --locked -- -D warnings
cargo test --release --locked --workspace
# The server's tests again with their state in PostgreSQL and S3 (a throwaway cluster
# and SeaweedFS per test) instead of SQLite and files.
ALOUD_TEST_BACKEND=postgres-s3 cargo test --release --locked --test e2e -- serve:: hardening:: review::
(cd tests/browser && npm ci --no-audit --no-fund --silent && node --test --test-concurrency=1)
