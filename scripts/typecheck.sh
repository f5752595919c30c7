#!/usr/bin/env bash
# mypy cannot follow setuptools' package-dir mapping (platform/ → clea_platform), so it
# checks a hard-linked mirror of the sources laid out under the import names
# (mypy does not descend into symbolic links to directories).
set -euo pipefail
cd "$(dirname "$0")/.."
links=build/typecheck
rm -rf "$links" && mkdir -p "$links"
cp -rl platform "$links/clea_platform"
for plugin in plugins/*/; do
  name=$(basename "$plugin")
  cp -rl "plugins/$name" "$links/$name"
done
# Directories (not -p): clea_platform has no __init__.py of its own.
MYPYPATH="$links" .venv/bin/mypy "$links"/*/
