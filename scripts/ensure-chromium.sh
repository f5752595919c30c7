#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the end-to-end tests (Playwright cannot
# download its own browser here). Installs it with apt when missing and we are root.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de Chromium (apt, plusieurs minutes la première fois)…" >&2
  "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "Chromium est introuvable : installez le paquet Debian « chromium » (sudo apt-get install chromium)." >&2
exit 2
