#!/usr/bin/env bash
# End-to-end benchmark of `vigil batch` (issue 3 target: the 25,000 dev
# negatives against all shared lists in under 5 s on 2 cores).
#
# Builds vigil in release, converts ../shared/data/names/negatives-dev.csv.gz
# to the batch input format (id,name,dob,country,gender), then times
# `vigil batch --list ../shared/data/lists` with hyperfine when installed
# (RUNS runs after one warm-up, default 5), else once with `time`, and
# prints the alert count. The wall time includes loading the lists and
# building the index; vigil's own summary line gives the screening alone.
#
# Usage: scripts/bench-batch.sh   (RUNS=N, VIGIL_SHARED_DATA=DIR)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${VIGIL_SHARED_DATA:-$root/../shared/data}
if [ ! -d "$data/lists" ] || [ ! -f "$data/names/negatives-dev.csv.gz" ]; then
    echo "bench-batch: $data has no lists/ or names/negatives-dev.csv.gz; nothing measured" >&2
    exit 0
fi
data=$(cd "$data" && pwd)
runs=${RUNS:-5}

cargo build --release --quiet -p vigil-cli --manifest-path "$root/Cargo.toml"
vigil=${CARGO_TARGET_DIR:-$root/target}/release/vigil

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-batch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 - "$data/names/negatives-dev.csv.gz" "$tmp/negatives.csv" <<'PY'
import csv, gzip, sys
src, dst = sys.argv[1], sys.argv[2]
with gzip.open(src, "rt", encoding="utf-8", newline="") as f, \
        open(dst, "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out)
    w.writerow(["id", "name", "dob", "country", "gender"])
    for i, r in enumerate(csv.DictReader(f), 1):
        w.writerow([f"neg-{i}", r["full_name"], r["date_of_birth"], r["nationality"], r["gender"]])
PY
records=$(($(wc -l < "$tmp/negatives.csv") - 1))
echo "bench-batch: $records records, lists from $data/lists, $(nproc) cores, commit $(git -C "$root" rev-parse --short HEAD)"

cmd=("$vigil" batch --list "$data/lists" --input "$tmp/negatives.csv" --output "$tmp/out.jsonl")
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs "$runs" --command-name "vigil batch ($records records)" \
        "$(printf '%q ' "${cmd[@]}") 2> /dev/null"
    # One more run for vigil's own summary (index build, screening time).
    "${cmd[@]}" 2>&1 | grep -E 'indexed in|records screened'
else
    TIMEFORMAT="wall %3R s (user %3U s, sys %3S s)"
    time "${cmd[@]}" 2>&1 | grep -E 'indexed in|records screened'
fi

lines=$(wc -l < "$tmp/out.jsonl")
alerts=$(grep -c -v '"matches":\[\]' "$tmp/out.jsonl" || true)
errors=$(grep -c '"error":' "$tmp/out.jsonl" || true)
echo "bench-batch: $lines output lines, $alerts with an alert at the default threshold ($(awk "BEGIN {printf \"%.2f\", 100 * $alerts / $lines}")%), $errors with errors"
