// Runs every *.test.ts under src/, bench/ and scripts/ with node's built-in test runner (through tsx).
// Arguments narrow the run: `node scripts/run-tests.mjs src/target` runs the tests under src/target.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
const concurrency = process.env.GARRISON_TEST_CONCURRENCY ?? '2';
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files.map((f) => relative(process.cwd(), f))],
  { stdio: 'inherit' },
);
process.exit(res.status ?? 1);
