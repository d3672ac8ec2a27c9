#!/usr/bin/env bash
# Makes the Python environment the integration tests use to drive `vigil
# serve` with real client packages (yente-client from PyPI), in
# target/python-env. Idempotent: does nothing when the pinned packages are
# already installed. Prints the interpreter's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
env_dir="${VIGIL_PYTHON_ENV:-target/python-env}"
requirements="scripts/requirements-test.txt"
stamp="$env_dir/.requirements"
if [ ! -x "$env_dir/bin/python" ]; then
    python3 -m venv "$env_dir" >&2
fi
if ! cmp -s "$requirements" "$stamp" 2>/dev/null; then
    "$env_dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$stamp"
fi
echo "$env_dir/bin/python"
