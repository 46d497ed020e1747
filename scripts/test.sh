#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the Debian packages the integration
# tests run (real sshd, nginx, PostgreSQL, Redis, ...), builds, type-checks, lints and tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsx scripts/gen-registry.ts --check
npm run --silent build
npx tsc -p tsconfig.json --noEmit
npx eslint --max-warnings 0 .
# The bundle is built once above; tests that run it as a process do not rebuild it.
GARRISON_TEST_BUILT=1 node scripts/run-tests.mjs "$@"
