#!/usr/bin/env bash
# Makes the browser walk of the analyst web UI (tests/browser/walk.mjs)
# runnable: installs Debian's chromium (/usr/bin/chromium) and Node.js when
# they are missing, and the walk's npm packages (playwright-core, which never
# downloads a browser of its own) when tests/browser/node_modules is missing
# or older than its package-lock.json. Idempotent and quick once done. Says
# one line on stderr per thing it did; stdout stays empty. Installing needs
# root, or sudo.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/tests/browser"

say() {
    echo "browser.sh: $*" >&2
}

# Runs apt-get as root: directly when we are root, else through sudo.
as_root=()
if [ "$(id -u)" != 0 ]; then
    as_root=(sudo)
fi

apt_install() {
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
        say "cannot install $* (this user is not root and there is no sudo); as root run: apt-get install $*"
        exit 1
    fi
    local get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    # Try without refreshing the package lists first: it is quicker, and
    # an update is only needed when the lists are missing or stale.
    if ! "${get[@]}" install -y -q --no-install-recommends "$@" >&2; then
        say "apt-get install failed; running apt-get update and trying again"
        "${get[@]}" update -q >&2
        "${get[@]}" install -y -q --no-install-recommends "$@" >&2
    fi
}

if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    # fonts-liberation: the metric-compatible Arial/Times/Courier faces that
    # chromium merely recommends, so that screenshots look like a browser's.
    apt_install chromium fonts-liberation
    if [ ! -x /usr/bin/chromium ]; then
        say "chromium was installed but /usr/bin/chromium is still missing"
        exit 1
    fi
    say "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
fi

if ! command -v node >/dev/null 2>&1; then
    say "installing Debian's nodejs"
    apt_install nodejs
fi
if ! command -v npm >/dev/null 2>&1; then
    # Debian's nodejs leaves npm to its own package (NodeSource's includes it).
    say "installing Debian's npm"
    apt_install npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
    say "node $(node --version) is too old for playwright-core (it needs 18 or later, 20 preferred)"
    exit 1
fi

if [ ! -d "$dir/node_modules/playwright-core" ] \
    || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    say "installing the walk's npm packages (npm ci in tests/browser)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    # npm ci may reuse the folder: mark it as at least as new as the lock.
    touch "$dir/node_modules"
fi
