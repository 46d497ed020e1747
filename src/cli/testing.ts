/**
 * For tests that run the built command line as a process. `npm test` builds the bundle
 * once before any test starts and says so with GARRISON_TEST_BUILT=1, so that test files
 * running side by side never rebuild dist/ under each other's feet; a test file run on its
 * own builds it first.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/garrison');

export function ensureBundle(): void {
  if (process.env.GARRISON_TEST_BUILT === '1') return;
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO });
}
