#!/usr/bin/env bash
# The PostgreSQL tests start a throwaway server from the distribution's binaries (they never
# touch a running server). Install the binaries when they are missing and we are allowed to.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing PostgreSQL binaries for the PostgreSQL tests (apt-get install postgresql)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
else
  echo "warning: PostgreSQL binaries not found; the tests in tests/postgres will fail." >&2
  echo "         install them (e.g. sudo apt-get install postgresql) and run make test again." >&2
fi
