/**
 * What probing loads before its first connection: the modules reachable from the runner
 * and the analysis through static imports. Neither the record schemas (zod) nor the SSH
 * client (ssh2, loaded by the SSH probe while the server starts its session) may be among
 * them: each costs tens of milliseconds of start-up on every `garrison probe`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Module specifiers a TypeScript file loads when it is evaluated: every static `import` and
 * `export … from` except `import type` / `export type` (erased). `import { type A }` still
 * loads its module (verbatimModuleSyntax); dynamic `import()` loads it later, when called.
 */
export function staticImports(source: string): string[] {
  const specs: string[] = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) if (!m[1]) specs.push(m[2]!);
  return specs;
}

/** Every file and package reachable from `roots` through static imports. */
function reachable(roots: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(fs.readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) todo.push(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files, packages };
}

test('the import scanner sees value imports and re-exports, not type-only ones', () => {
  const src = [
    "import { a, type B } from './a.ts';",
    "import type { C } from './c.ts';",
    'import {',
    '  d,',
    "} from './d.ts';",
    "export { e } from './e.ts';",
    "export type { F } from './f.ts';",
    "export * from './g.ts';",
    "import './h.ts';",
    "const lazy = () => import('./i.ts');",
  ].join('\n');
  assert.deepEqual(staticImports(src), ['./a.ts', './d.ts', './e.ts', './g.ts', './h.ts']);
});

test('probing loads neither the record schemas nor ssh2 before it connects', () => {
  const { files, packages } = reachable([path.join(HERE, 'runner.ts'), path.join(HERE, 'analyse.ts')]);
  assert.ok(files.has(path.join(HERE, 'ssh.ts')) && files.has(path.join(HERE, 'record-types.ts')), 'the scan follows the runner');
  assert.ok(!files.has(path.join(HERE, 'record.ts')), 'record.ts (zod schemas) is loaded only to read records');
  assert.ok(!packages.has('zod'), `zod is not loaded: ${[...packages].join(', ')}`);
  assert.ok(!packages.has('ssh2'), 'ssh2 is loaded by the SSH probe when it connects');
});
