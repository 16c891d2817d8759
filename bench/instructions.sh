#!/usr/bin/env bash
# Counts the instructions one `lessonbook check` of BOOK executes, with
# valgrind's callgrind (about 35 times slower than a plain run): a figure
# that other work on the machine does not move, where `perf stat` has no
# hardware counters (virtual machines). Usage: bash bench/instructions.sh BIN BOOK
set -euo pipefail
bin=$1 book=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" check "$book" --today 2026-11-27 --color never 2>&1 >/dev/null |
  awk '/Collected/ { print "instructions", $4 }'
