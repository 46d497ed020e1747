#!/usr/bin/env bash
# Installs the Debian packages the tests use, once: real daemons and the reference tools.
# Services are never started by the packages (the tests start their own on loopback).
set -euo pipefail
mapfile -t wanted < <(grep -v '^\s*#' "$(dirname "$0")/test-packages.txt" | sed 's/\s.*//' | grep -v '^$')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: these Debian packages are missing: ${missing[*]}; run as root (or install them) first" >&2
  exit 2
fi
echo "install-test-deps: installing ${missing[*]}" >&2
# Keep packages from starting their services while they install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
