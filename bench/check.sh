#!/usr/bin/env bash
# Times `lessonbook check` on one synthetic book (examples/synthetic_book.rs),
# RUNS times (default 3): wall time and peak memory of each run, then
# `perf stat` instructions and task-clock of one more run, which vary less
# than wall time when other work shares the machine.
# Usage: bash bench/check.sh BIN BOOK [RUNS]
set -euo pipefail
bin=$1 book=$2 runs=${3:-3}
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e s %M KB" "$bin" check "$book" --today 2026-11-27 --color never >/dev/null 2>/tmp/check-time.$$ || true
  tail -1 /tmp/check-time.$$
done
rm -f /tmp/check-time.$$
if command -v perf >/dev/null 2>&1; then
  perf stat -x, -e instructions,task-clock "$bin" check "$book" --today 2026-11-27 --color never 2>&1 >/dev/null |
    awk -F, '/instructions|task-clock/ { printf "%s %s %s\n", $3, $1, $2 }'
fi
