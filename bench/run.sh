#!/usr/bin/env bash
# Benchmarks `lessonbook check` and `lessonbook build` on synthetic books of
# N record files (default 10,000 and 100,000) whose records have the size
# and shape of the sample book's (examples/synthetic_book.rs): wall time and
# peak memory of check, of a build into an empty folder and of a rebuild
# with nothing changed, the largest page, and Hugo rendering the same
# markdown files into as many pages in the same run, for scale.
# Usage: bash bench/run.sh [N ...]
# Hugo is Debian's `hugo` package: installed when apt-get can (as root),
# else that column is skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example synthetic_book
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/lessonbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! command -v hugo >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1 || true
fi
have_hugo=$(command -v hugo >/dev/null 2>&1 && echo yes || echo no)
[ "$have_hugo" = yes ] || echo "note: hugo is not installed; its column is skipped"

# Runs a command, prints "label: seconds s, MB peak".
measure() {
  local label=$1
  shift
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>"$work/log" || { cat "$work/log"; exit 1; }
  read -r seconds kib <"$work/time"
  printf '%7s files  %-26s %6.2f s  %6.0f MB peak\n' "$size" "$label" "$seconds" "$((kib / 1024))"
}

# A Hugo site whose content is the book's markdown files: one page per
# record, with the front matter as page parameters and the body rendered.
hugo_site() {
  local site=$1 records=$2
  mkdir -p "$site/layouts/_default"
  cat >"$site/hugo.toml" <<'EOF'
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
  cat >"$site/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Params.id }} {{ .Title }}</title></head>
<body><h1>{{ .Params.id }}: {{ .Title }}</h1><dl>{{ range $k, $v := .Params }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>{{ .Content }}</body></html>
EOF
  cat >"$site/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Params.id }} {{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF
  cp -r "$records" "$site/content"
}

for size in ${@:-10000 100000}; do
  book="$work/book-$size"
  "$target/release/examples/synthetic_book" "$book" "$size" >/dev/null
  bytes=$(du -sb "$book/records" | cut -f1)
  echo "$size record files, $((bytes / 1024 / 1024)) MB of markdown"
  for run in 1 2; do
    measure "check (run $run)" "$bin" check "$book" --today 2026-11-27 --color never
  done
  # Each build from nothing writes into a folder no run used before, and
  # the folders are deleted only after the last measurement: on ext4
  # without a journal, files created right after tens of thousands were
  # deleted are slow to create (the kernel skips recently freed inodes),
  # which timed the script's own `rm -rf`, not the build (9.2 s against
  # 3.1 s for the same 10,000-record build, 2026-12-02).
  for run in 1 2; do
    measure "build, empty output ($run)" "$bin" build "$book" --out "$work/out-$run" --today 2026-11-27 --color never
  done
  for run in 1 2; do
    measure "build, nothing changed ($run)" "$bin" build "$book" --out "$work/out-1" --today 2026-11-27 --color never
  done
  pages=$(find "$work/out-1" -name '*.html' | wc -l)
  largest=$(find "$work/out-1" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
  printf '%7s files  %s pages; largest %s KB (%s)\n' "$size" "$pages" "$(( ${largest%% *} / 1024 ))" "${largest#* }"
  if [ "$have_hugo" = yes ]; then
    hugo_site "$work/hugo-$size" "$book/records"
    for run in 1 2; do
      measure "hugo, empty output ($run)" hugo --quiet -s "$work/hugo-$size" -d "$work/hugo-out-$run"
    done
    printf '%7s files  hugo wrote %s pages\n' "$size" "$(find "$work/hugo-out-1" -name '*.html' | wc -l)"
  fi
  rm -rf "$book" "$work"/out-* "$work"/hugo-out-* "$work/hugo-$size"
done
