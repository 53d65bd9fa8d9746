#!/usr/bin/env bash
# The web door test drives Debian's headless Chromium over its DevTools protocol (loopback only).
# Install it when it is missing and we are allowed to; without it that one test is skipped
# with a reason, the SSH tests do not need it.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing Chromium for the web door test (apt-get install chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || echo "warning: chromium could not be installed; the web door test will be skipped." >&2
else
  echo "warning: chromium not found; the web door test (tests/serve/test_web_door.py) is skipped." >&2
fi
