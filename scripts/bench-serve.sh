#!/usr/bin/env bash
# Load benchmark of `vigil serve` on loopback (issue 4 target: at least
# 10,000 single-name requests per second on 2 cores, p99 under 5 ms, no
# error under saturation, stable memory, and no failed request while the
# lists are reloaded).
#
# Starts `vigil serve` over all shared lists, then drives it with wrk (from
# Debian's packages; installed here when missing and apt-get is usable):
#   1. GET /v1/screen with the names of the dev negatives and treated
#      positives (25,342 innocent and listed names, shuffled, in turn), for
#      DURATION;
#   2. POST /match/default (yente's API) with the same names;
#   3. GET /v1/screen again while the lists are reloaded with SIGHUP every
#      RELOAD_EVERY seconds;
#   4. with SOAK set (e.g. SOAK=10m), GET /v1/screen for that long with a
#      reload every minute, the server's memory sampled every minute.
# Prints each run's requests per second, latency percentiles and errors, the
# server's own CPU time per request, and its resident memory before and
# after. wrk shares the 2 cores
# with the server: the figures are for both on one machine.
#
# Usage: scripts/bench-serve.sh   (DURATION=30s CONNECTIONS=32 RELOAD_EVERY=5
#                                  SOAK=10m VIGIL_SHARED_DATA=DIR)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${VIGIL_SHARED_DATA:-$root/../shared/data}
if [ ! -d "$data/lists" ] || [ ! -f "$data/names/negatives-dev.csv.gz" ]; then
    echo "bench-serve: $data has no lists/ or names/; nothing measured" >&2
    exit 0
fi
data=$(cd "$data" && pwd)
duration=${DURATION:-30s}
connections=${CONNECTIONS:-32}
reload_every=${RELOAD_EVERY:-5}

if ! command -v wrk >/dev/null; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get install -y -qq wrk >/dev/null
    else
        echo "bench-serve: wrk is not installed (apt-get install wrk)" >&2
        exit 1
    fi
fi

cargo build --release --quiet -p vigil-cli --manifest-path "$root/Cargo.toml"
vigil=${CARGO_TARGET_DIR:-$root/target}/release/vigil

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-serve.XXXXXX")
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# Request paths and bodies, one per line, for the Lua scripts.
python3 - "$data/names" "$tmp" <<'PY'
import csv, gzip, json, random, sys, urllib.parse
names_dir, out = sys.argv[1], sys.argv[2]
names = []
with gzip.open(f"{names_dir}/negatives-dev.csv.gz", "rt", encoding="utf-8") as f:
    names += [r["full_name"] for r in csv.DictReader(f)]
with open(f"{names_dir}/positives-un-treated-dev.csv", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
    col = next(c for c in rows[0] if "name" in c)
    names += [r[col] for r in rows]
random.seed(7)
random.shuffle(names)
with open(f"{out}/paths.txt", "w") as f:
    for n in names:
        f.write("/v1/screen?name=" + urllib.parse.quote(n) + "\n")
with open(f"{out}/bodies.txt", "w") as f:
    for n in names:
        q = {"queries": {"q": {"schema": "Person", "properties": {"name": [n]}}}}
        f.write(json.dumps(q, ensure_ascii=False) + "\n")
PY

cat > "$tmp/get.lua" <<LUA
local paths = {}
for line in io.lines("$tmp/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
cat > "$tmp/match.lua" <<LUA
local bodies = {}
for line in io.lines("$tmp/bodies.txt") do bodies[#bodies + 1] = line end
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/match/default", {["Content-Type"] = "application/json"}, bodies[i])
end
LUA

VIGIL_LOG=${VIGIL_LOG:-info} "$vigil" serve --list "$data/lists" --bind 127.0.0.1:0 \
    2>"$tmp/server.log" >/dev/null &
server=$!
for _ in $(seq 1 600); do
    grep -q "listening on http://" "$tmp/server.log" 2>/dev/null && break
    sleep 0.1
done
url=$(grep -o "http://[0-9.:]*" "$tmp/server.log" | head -1)
[ -n "$url" ] || { echo "bench-serve: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$server/status"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git -C "$root" rev-parse --short HEAD)"
echo "server: $url, $(curl -s "$url/readyz" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["entities"], "entities")'); RSS at start $(rss)"

# The server's CPU time (user + system), in seconds.
cpu() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$server/stat"; }

run() {
    local title=$1 script=$2
    echo
    echo "== $title ($duration, $connections connections)"
    local cpu_before
    cpu_before=$(cpu)
    wrk -t2 -c"$connections" -d"$duration" --latency -s "$script" "$url" | tee "$tmp/wrk.out" |
        grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors|requests in" || true
    # CPU the server itself spent per request: what two cores of its own
    # would serve, without wrk beside it on the same cores.
    awk -v c="$(cpu)" -v b="$cpu_before" '/requests in/ {
        us = (c - b) / $1 * 1e6
        printf "server CPU %.1f s, %.0f us per request (%.0f requests/s on 2 cores of server CPU)\n", c - b, us, 2e6 / us
    }' "$tmp/wrk.out"
    if grep -q -E "Non-2xx|Socket errors" "$tmp/wrk.out"; then
        echo "ERRORS during: $title" >&2
        errors=1
    fi
    echo "RSS after: $(rss)"
}

errors=0
run "GET /v1/screen" "$tmp/get.lua"
run "POST /match/default" "$tmp/match.lua"

# Reload every few seconds while the load runs.
( while kill -0 "$server" 2>/dev/null; do sleep "$reload_every"; kill -HUP "$server" 2>/dev/null || true; done ) &
reloader=$!
run "GET /v1/screen during reloads (SIGHUP every ${reload_every}s)" "$tmp/get.lua"
kill "$reloader" 2>/dev/null || true
echo "reloads: $(curl -s "$url/metrics" | grep '^vigil_reloads_total' | tr '\n' ' ')"

if [ -n "${SOAK:-}" ]; then
    ( while kill -0 "$server" 2>/dev/null; do
        sleep 60
        kill -HUP "$server" 2>/dev/null || true
        echo "  RSS $(rss) at $(date +%T)"
      done ) &
    sampler=$!
    duration=$SOAK run "soak: GET /v1/screen, a reload every minute" "$tmp/get.lua"
    kill "$sampler" 2>/dev/null || true
    echo "reloads: $(curl -s "$url/metrics" | grep '^vigil_reloads_total' | tr '\n' ' ')"
fi
exit "$errors"
