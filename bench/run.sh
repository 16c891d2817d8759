#!/usr/bin/env bash
# Benchmarks `lessonbook check` and `lessonbook build` on synthetic books of
# 10,000 and 100,000 record files; prints wall time and peak memory.
# Usage: bash bench/run.sh [N ...]   (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example synthetic_book
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in ${@:-10000 100000}; do
  {
    book="$work/book-$size"
    "$target/release/examples/synthetic_book" "$book" "$size" >/dev/null
    for command in check build; do
      for run in 1 2; do
        /usr/bin/time -o "$work/time" -f "%e %M" "$target/release/lessonbook" "$command" "$book" --today 2026-11-27 --color never >/dev/null 2>"$work/log" || { cat "$work/log"; exit 1; }
        read -r seconds kib <"$work/time"
        printf '%7s files  %-5s run %d: %6.2f s  %6.0f MB peak\n' "$size" "$command" "$run" "$seconds" "$((kib / 1024))"
      done
    done
  }
done
