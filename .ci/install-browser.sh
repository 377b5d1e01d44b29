#!/usr/bin/env bash
# The console's browser test drives Debian's Chromium and ChromeDriver. Installs them when
# missing (as root, or through sudo); without them the browser test skips itself and says why.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-browser: not root and no sudo; the console's browser test will be skipped" >&2
    exit 0
  fi
fi
echo "install-browser: installing Debian chromium and chromium-driver for the console's browser test" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
if ! $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; then
  echo "install-browser: could not install chromium; the console's browser test will be skipped" >&2
fi
