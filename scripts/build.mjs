// Bundles the CLI into dist/garrison.mjs: one file, fast to start, no TypeScript at run time.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/garrison.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Smaller text parses faster at every start; names are kept for readable stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // Native or optional modules stay outside the bundle and load from node_modules.
  external: ['cpu-features', 'ssh2', '*.node'],
  banner: { js: "import { createRequire as __garrisonRequire } from 'node:module'; const require = __garrisonRequire(import.meta.url);" },
  logLevel: 'warning',
  define: { 'process.env.GARRISON_BUILD_VERSION': JSON.stringify(pkg.version) },
});
