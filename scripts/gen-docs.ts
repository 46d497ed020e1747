/**
 * Writes the rule reference under docs/rules/ from the rules' own metadata: one page per
 * rule and an index. Nothing is filled by hand, so nothing can go stale unnoticed
 * (a test compares these files with what this script would write).
 *   tsx scripts/gen-docs.ts          write them
 *   tsx scripts/gen-docs.ts --check  exit 1 if they are stale
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../src/rules/index.generated.ts';
import { GUIDELINES } from '../src/core/guidelines.ts';
import type { RuleMeta } from '../src/core/rule.ts';

export const DOCS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');

function refText(r: RuleMeta['references'][number]): string {
  if (r.guideline) {
    const title = GUIDELINES.find((g) => g.file === r.guideline)?.title ?? r.guideline;
    return `${title} (\`${r.guideline}\`), section “${r.section ?? ''}”`;
  }
  return r.url ? `[${r.title ?? r.url}](${r.url})` : (r.title ?? '');
}

export function rulePage(m: RuleMeta): string {
  const lines = [`# ${m.title}`, '', `\`${m.id}\` · family \`${m.family}\` · severity **${m.severity}**`, '', '## Why it matters', '', m.rationale, ''];
  if (m.description) lines.push('## What is checked', '', m.description, '');
  lines.push('## How to fix', '', m.remediation, '');
  if (m.params && Object.keys(m.params).length > 0) {
    lines.push('## Parameters', '', '| name | default | meaning |', '|---|---|---|');
    for (const [name, p] of Object.entries(m.params)) lines.push(`| \`${name}\` | \`${JSON.stringify(p.default)}\` | ${p.description.replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  lines.push('## Messages', '');
  for (const [id, text] of Object.entries(m.messages)) lines.push(`- \`${id}\`: ${text}`);
  lines.push('', '## References', '');
  for (const r of m.references) lines.push(`- ${refText(r)}`);
  return `${lines.join('\n')}\n`;
}

export function docFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const index = ['# garrison rules', '', 'Generated from the rules’ metadata by `npm run gen`; do not edit.', ''];
  let family = '';
  for (const { meta } of rules) {
    if (meta.family !== family) {
      family = meta.family;
      index.push('', `## ${family}`, '', '| rule | severity | title |', '|---|---|---|');
    }
    index.push(`| [\`${meta.id}\`](${meta.family}/${meta.id}.md) | ${meta.severity} | ${meta.title.replace(/\|/g, '\\|')} |`);
    files.set(path.join(meta.family, `${meta.id}.md`), rulePage(meta));
  }
  files.set('README.md', `${index.join('\n')}\n`);
  return files;
}

function existing(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) existing(p, base, out);
    else out.set(path.relative(base, p), fs.readFileSync(p, 'utf8'));
  }
  return out;
}

export function staleDocs(): string[] {
  const want = docFiles();
  const have = existing(DOCS_DIR);
  const stale = [...want].filter(([p, c]) => have.get(p) !== c).map(([p]) => p);
  for (const p of have.keys()) if (!want.has(p)) stale.push(p);
  return stale.sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = staleDocs();
    if (stale.length > 0) {
      console.error(`stale rule docs: ${stale.join(', ')} (run \`npm run gen\`)`);
      process.exit(1);
    }
  } else {
    fs.rmSync(DOCS_DIR, { recursive: true, force: true });
    for (const [p, c] of docFiles()) {
      fs.mkdirSync(path.dirname(path.join(DOCS_DIR, p)), { recursive: true });
      fs.writeFileSync(path.join(DOCS_DIR, p), c);
    }
  }
}
