#!/usr/bin/env bash
# Continuous monitoring at scale: SUBJECTS (default 100,000) stored
# subjects, recorded against OFAC's consolidated list of 2020-12-14, then
# `vigil monitor` after the update to the 2026-01-08 version (the real diff:
# 76 added, 288 changed, 10 removed). Prints the time of each step; the
# monitor step is the figure of the case issue (target: under 10 s on 2
# cores). The subjects are the dev negatives' names, dates of birth and
# nationalities, repeated with new ids, plus one newly designated person.
#
#   scripts/bench-monitor.sh                 # SQLite in a temporary data directory
#   DATABASE=postgres://... scripts/bench-monitor.sh
set -euo pipefail
cd "$(dirname "$0")/.."

subjects=${SUBJECTS:-100000}
data=../shared/data
old=$data/lists/ofac/non-sdn/consolidated-2020-12-14.xml
new=$data/lists/ofac/non-sdn/consolidated.xml
cargo build --release --quiet --bin vigil
vigil=$PWD/target/release/vigil

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VIGIL_DATA_DIR=$work/data
if [ -n "${DATABASE:-}" ]; then
    export VIGIL_DATABASE=$DATABASE
fi

python3 - "$data/names/negatives-dev.csv.gz" "$subjects" > "$work/subjects.csv" <<'PY'
import csv, gzip, sys
rows = list(csv.DictReader(gzip.open(sys.argv[1], "rt", encoding="utf-8")))
n = int(sys.argv[2])
out = csv.writer(sys.stdout)
out.writerow(["id", "name", "dob", "country"])
out.writerow(["s-listed", "Michel Joseph Martelly", "", ""])
for i in range(n - 1):
    r = rows[i % len(rows)]
    out.writerow([f"s{i:07d}", r["full_name"], r["date_of_birth"], r["nationality"]])
PY

step() {
    local label=$1
    shift
    local t0 t1
    t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N)
    printf '%-40s %6.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)" >&2
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git rev-parse --short HEAD)" >&2
step "batch --record ($subjects subjects, 2020)" \
    "$vigil" batch --record --list "$old" --input "$work/subjects.csv" --output "$work/out.jsonl"
step "monitor, first run (2020, everything)" "$vigil" monitor --list "$old"
step "monitor after the update (2026)" "$vigil" monitor --list "$new"
step "monitor, nothing new (2026)" "$vigil" monitor --list "$new"
"$vigil" alerts list --limit 5 >&2
step "audit verify" "$vigil" audit verify
