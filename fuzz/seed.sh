#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's own inputs: the test
# fixtures, the sample records, book.toml, the docs, and the small curated
# seeds in fuzz/seeds/<target>/. Safe to re-run: files are named by their
# content hash, so nothing is duplicated. The corpus is not committed.
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=corpus

add() { # add TARGET FILE: copy FILE into the target's corpus under its hash
    local target=$1 file=$2
    mkdir -p "$corpus/$target"
    cp "$file" "$corpus/$target/seed-$(sha1sum < "$file" | cut -c1-16)"
}

records=$(find "$root/tests/fixtures" "$root/sample-records" -type f -name '*.md' | sort)

# record: every record file alone, and each review with the incidents it
# names (NUL-separated, as fuzz_targets/record.rs splits its input).
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for file in $records; do
    add record "$file"
done
for review in $(find "$root/sample-records" "$root/tests/fixtures" -type f -name 'PIR-*.md' | sort); do
    : > "$tmp"
    cat "$review" >> "$tmp"
    for id in $(sed -n 's/^incidents: *\[\(.*\)\].*/\1/p' "$review" | tr ',' ' '); do
        incident=$(grep -rl "^id: *$id\$" "$root/sample-records" "$root/tests/fixtures" | head -1 || true)
        if [ -n "$incident" ]; then
            printf '\0' >> "$tmp"
            cat "$incident" >> "$tmp"
        fi
    done
    add record "$tmp"
done

# book_toml: the repository's book.toml and the curated ones.
add book_toml "$root/book.toml"
for file in seeds/book_toml/*; do add book_toml "$file"; done

# period_and_dates: lines as-of date, period, record date, time zone.
for file in seeds/period_and_dates/*; do add period_and_dates "$file"; done

# markdown: the record bodies, the docs and the curated hostile ones.
for file in $records; do
    awk 'n >= 2 { print } /^---/ { n++ }' "$file" > "$tmp"
    [ -s "$tmp" ] && add markdown "$tmp"
done
for file in "$root"/docs/*.md seeds/markdown/*; do add markdown "$file"; done

for target in record book_toml period_and_dates markdown; do
    echo "$target: $(find "$corpus/$target" -type f | wc -l) files"
done
