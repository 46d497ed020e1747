#!/usr/bin/env bash
# Runs every benchmark (needs root, debootstrap, the reference tools; not part of `npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
for b in bench/audit.ts bench/walk.ts bench/services.ts bench/fix.ts bench/probe.ts; do
  [ -f "$b" ] || continue
  echo "== $b"
  npx tsx "$b"
done
