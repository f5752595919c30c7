#!/usr/bin/env bash
# apt-install.sh PACKAGE…: `apt-get update` then `apt-get install -y PACKAGE…`, as root,
# for the ensure-* scripts. When another apt or dpkg process (unattended-upgrades, a
# parallel set-up) holds apt's lock, it waits for it (up to APT_LOCK_WAIT seconds, 900 by
# default) instead of failing at once, and says so; apt's own output is shown, so a long
# install (Chromium: a few minutes) is visibly progressing.
set -euo pipefail
wait_seconds=${APT_LOCK_WAIT:-900}
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs apt-get with its arguments; retried while the failure is another process's lock.
apt_get() {
  local deadline=$((SECONDS + wait_seconds)) said=""
  while true; do
    # DPkg::Lock::Timeout makes apt itself wait for dpkg's lock (apt ≥ 1.9.11); the loop
    # covers the package lists' lock (apt-get update) and older apt.
    if apt-get -o DPkg::Lock::Timeout="$wait_seconds" "$@" 2>&1 | tee "$log"; then
      return 0
    fi
    if ! grep -qiE "could not get lock|unable to acquire|is another process using it" "$log"; then
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "apt est toujours occupé par un autre processus après ${wait_seconds} s : abandon." >&2
      return 1
    fi
    if [ -z "$said" ]; then
      echo "apt est occupé par un autre processus : attente de la fin (jusqu'à ${wait_seconds} s)…" >&2
      said=1
    fi
    sleep "${APT_LOCK_POLL:-5}"
  done
}

apt_get update -q
apt_get install -y -q "$@"
