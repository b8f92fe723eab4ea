#!/usr/bin/env bash
# Debian packages the hall needs on this machine kind: Chromium (UI and e2e tests), socat (real PTY
# pairs for device simulators), Xvfb (headed runs), libusb (node-hid), CJK and Unifont fonts
# (Chinese on screen, in screenshots, and in the printer simulator's rendering), espeak-ng and sox
# (the default Chinese call-announcement clips are synthesised at build time), poppler-utils
# (pdftotext: the O2O e2e test reads the printed A4 guide back), postgresql (the platform suites start
# a throw-away PostgreSQL 15 cluster; production platforms run on a server).
set -euo pipefail
packages=(chromium socat xvfb xauth libusb-1.0-0 fonts-noto-cjk unifont espeak-ng sox poppler-utils postgresql)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "System packages present: ${packages[*]}"; exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
