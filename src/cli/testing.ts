/**
 * For tests that run the built command line as a process. `npm test` builds the bundle
 * once before any test starts and says so with GARRISON_TEST_BUILT=1, so that test files
 * running side by side never rebuild dist/ under each other's feet; a test file run on its
 * own builds it first.
 *
 * Every audit saves its report in garrison's state directory. So that no test writes into
 * the real home, importing this module points GARRISON_STATE_DIR (inherited by the processes
 * the tests start) at a temporary directory removed at exit, unless it is set already (the
 * test runner sets one for the whole run).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/garrison');

if (!process.env.GARRISON_STATE_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-test-state-'));
  process.env.GARRISON_STATE_DIR = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

export function ensureBundle(): void {
  if (process.env.GARRISON_TEST_BUILT === '1') return;
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO });
}
