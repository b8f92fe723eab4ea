#!/bin/sh
# deb post-install: the kiosk user's devices. Serial readers/printers are in group dialout; HID
# POS scanners need a udev rule for their vendor id, which the hall's IT adds per model.
set -e
if [ -n "${SUDO_USER:-}" ] && id "$SUDO_USER" >/dev/null 2>&1; then
  usermod -a -G dialout "$SUDO_USER" || true
fi
exit 0
