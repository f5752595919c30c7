#!/usr/bin/env bash
# Makes sure the system libraries WeasyPrint loads (Pango, HarfBuzz with its subsetter,
# a font) are present: PDFs are written by `make run` and by the Python tests. Installs
# them with apt when missing and we are root.
set -euo pipefail
missing() {
  for library in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
    ldconfig -p | grep -q "$library" || return 0
  done
  return 1
}
if ! missing; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation des bibliothèques de WeasyPrint (apt, une à deux minutes)…" >&2
  "$(dirname "$0")/apt-install.sh" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core
fi
if ! missing; then exit 0; fi
echo "Bibliothèques de WeasyPrint introuvables : installez les paquets Debian" \
  "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (sudo apt-get install …)." >&2
exit 2
