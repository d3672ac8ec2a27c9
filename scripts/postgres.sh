#!/usr/bin/env bash
# Starts a PostgreSQL server on loopback for the store's tests, installing
# Debian's postgresql package first when the server is missing, and prints
# its URL on stdout (everything else goes to stderr). Idempotent: a server
# already answering on the port is reused. Run as root, the server runs as
# the postgres user (PostgreSQL refuses to run as root).
#
#   VIGIL_PG_PORT  the port (default 55432)
#   VIGIL_PG_DIR   where the cluster lives (default /tmp/vigil-test-pg)
set -euo pipefail

port=${VIGIL_PG_PORT:-55432}
dir=${VIGIL_PG_DIR:-/tmp/vigil-test-pg}
url="postgres://postgres@127.0.0.1:${port}/postgres"

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "postgres.sh: PostgreSQL is missing and this user cannot install it (not root)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    # The package's own cluster is not needed: only its binaries.
    apt-get install -y -q --no-install-recommends postgresql >&2
    bin=$(find_bin)
fi

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "$url"
    exit 0
fi

as_pg=()
if [ "$(id -u)" = 0 ]; then
    as_pg=(runuser -u postgres --)
fi
mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >&2
fi
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
echo "$url"
