// Bundles the CLI into dist/: the entry dist/garrison.mjs and one chunk per command's code
// (split at the CLI's dynamic imports), so that each command parses only what it runs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

// Chunk names carry content hashes: start from an empty dist/ so that old chunks do not pile up.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['src/cli/bin.ts'],
  outdir: 'dist',
  entryNames: 'garrison',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  outExtension: { '.js': '.mjs' },
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
