#!/usr/bin/env bash
# Probe benchmark: garrison against testssl.sh and ssh-audit on loopback nginx and sshd
# started for the run (needs root and the Debian packages nginx, openssh-server,
# testssl.sh, ssh-audit). Not part of `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
exec npx tsx bench/probe.ts
