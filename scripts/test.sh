#!/usr/bin/env bash
# Installs what the tests need and runs the whole test suite (README, second command; CI calls it too).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get install -y -q chromium >/dev/null
  else
    echo "note: Chromium is not installed and cannot be installed without root; the browser tests will be skipped" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
.venv/bin/pytest "$@"
