#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (as root, or with sudo).
# The tests drive /usr/bin/chromium through playwright-core; no tool may download a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "[chromium] $(/usr/bin/chromium --version 2>/dev/null || echo present) at /usr/bin/chromium"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "[chromium] not found; installing Debian's chromium package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "[chromium] $(/usr/bin/chromium --version) installed"
