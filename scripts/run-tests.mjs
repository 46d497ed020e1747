// Runs every *.test.ts under src/, bench/ and scripts/ with node's built-in test runner (through tsx).
// Arguments narrow the run: `node scripts/run-tests.mjs src/target` runs the tests under src/target.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'scripts', 'bench'];
const files = [];
const visit = (p) => {
  let st;
  try {
    st = statSync(p);
  } catch {
    return;
  }
  if (st.isFile()) {
    if (p.endsWith('.test.ts')) files.push(p);
    return;
  }
  if (!st.isDirectory() || /(^|\/)(node_modules|fixtures|dist)$/.test(p)) return;
  for (const name of readdirSync(p).sort()) visit(join(p, name));
};
roots.forEach(visit);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
// Tests that run the command line use the bundle: build it once here, so that test files
// running side by side never rebuild dist/ under each other's feet.
if (process.env.GARRISON_TEST_BUILT !== '1') {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('./build.mjs', import.meta.url))], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Every audit saves its report in garrison's state directory: the tests' audits save theirs
// in a temporary one, never in the real home.
const stateDir = mkdtempSync(join(tmpdir(), 'garrison-test-state-'));
const concurrency = process.env.GARRISON_TEST_CONCURRENCY ?? '2';
let res;
try {
  res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files.map((f) => relative(process.cwd(), f))],
    { stdio: 'inherit', env: { ...process.env, GARRISON_TEST_BUILT: '1', GARRISON_STATE_DIR: stateDir } },
  );
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
process.exit(res.status ?? 1);
