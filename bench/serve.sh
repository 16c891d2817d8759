#!/usr/bin/env bash
# Benchmarks `lessonbook serve`: from an edit to the reload event, to the
# edited incident's page and to the dashboard, on a copy of the
# sample book and on a synthetic book of N record files (default 10000).
# Usage: bash bench/serve.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example synthetic_book --example serve_latency
target=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/sample"
cp -r book.toml sample-records "$work/sample/"
echo "sample book:"
"$target/release/examples/serve_latency" "$target/release/lessonbook" "$work/sample" 30
size=${1:-10000}
"$target/release/examples/synthetic_book" "$work/book-$size" "$size" >/dev/null
echo "synthetic book of $size files:"
"$target/release/examples/serve_latency" "$target/release/lessonbook" "$work/book-$size" 20
